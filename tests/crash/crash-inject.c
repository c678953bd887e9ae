/* crash-inject — run ring producers, consumers and owners and an RPC
 * server and client as processes, SIGKILL one at a random instant again
 * and again (restarting it), then prove the accounting: every committed
 * message read exactly once or counted lost with a dead reader, every RPC
 * call answered correctly or failed with an error that says why, nobody
 * blocked past its timeout, and no segment left after sm_segment_gc().
 *
 *   crash-inject [--seed N] [--seconds S] [--kill-ms MIN:MAX] [--soak]
 *                [--rate MSGS] [--rss-every S]
 *
 * The seed (printed) makes the kill schedule reproducible.  --soak keeps
 * half the processes alive for the whole run and samples the memory of
 * every process (see tests/soak/soak.sh).  Prints "count:" lines. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crash.h"
#include "crash_rss.h"

struct crash_shared *crash;

static const char *const role_names[ROLE_N_] = { "producer", "consumer", "owner", "server", "client" };
static const char *const state_names[ST_N_] = { "start", "idle", "writing", "reserved", "committing",
						"peeking", "holding", "releasing", "calling" };

uint64_t crash_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void crash_fail(const char *fmt, ...)
{
	if (atomic_fetch_add(&crash->failures, 1) == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(crash->first_failure, sizeof crash->first_failure, fmt, ap);
		va_end(ap);
	}
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "crash-inject: FAIL: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void crash_state(struct crash_slot *s, enum crash_state st)
{
	atomic_store(&s->heartbeat_ns, crash_now_ns());
	atomic_store(&s->state, st);
}

void crash_busy(struct crash_slot *s, bool busy)
{
	uint64_t now = crash_now_ns();
	atomic_store(&s->heartbeat_ns, now);
	atomic_store(&s->busy_since_ns, busy ? now : 0);
}

uint64_t crash_rand(uint64_t *x) /* splitmix64 */
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int (*const role_main[ROLE_N_])(struct crash_slot *) = {
	crash_producer, crash_consumer, crash_owner, crash_server, crash_client,
};

static void start(struct crash_slot *s)
{
	atomic_store(&s->state, ST_START);
	atomic_store(&s->busy_since_ns, 0);
	atomic_store(&s->heartbeat_ns, crash_now_ns());
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0)
		_exit(role_main[s->role](s));
	atomic_store(&s->pid, pid);
}

/* SIGKILL slot s, reap it and account for the window the kill hit. */
static void kill_slot(struct crash_slot *s)
{
	pid_t pid = atomic_load(&s->pid);
	kill(pid, SIGKILL);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		crash_fail("%s %u exited by itself (status %d) before its kill", role_names[s->role],
			   s->index, status);
	atomic_store(&s->pid, 0);
	/* The state word is final now: the kill landed exactly there. */
	enum crash_state st = atomic_load(&s->state);
	atomic_fetch_add(&crash->kills[s->role], 1);
	atomic_fetch_add(&crash->killed_in[st < ST_N_ ? st : ST_START], 1);
	crash_ring_killed(s, st);
	s->incarnation++;
}

/* Children never exit on their own; one that did has failed. */
static void reap_unexpected(void)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (unsigned i = 0; i < crash->n_slots; i++) {
			struct crash_slot *s = &crash->slots[i];
			if (atomic_load(&s->pid) != pid)
				continue;
			crash_fail("%s %u (pid %d) died unasked: status 0x%x", role_names[s->role], s->index,
				   (int)pid, status);
			atomic_store(&s->pid, 0);
			s->incarnation++;
			start(s);
		}
	}
}

/* Nobody blocks past its timeout (plus slack for a loaded machine). */
static void watchdog(void)
{
	uint64_t now = crash_now_ns();
	uint64_t limit = (uint64_t)(crash->op_timeout_ms + crash->slack_ms) * 1000000u;
	for (unsigned i = 0; i < crash->n_slots; i++) {
		struct crash_slot *s = &crash->slots[i];
		uint64_t busy = atomic_load(&s->busy_since_ns), beat = atomic_load(&s->heartbeat_ns);
		if (!atomic_load(&s->pid))
			continue;
		/* (a child may have stamped a time after `now` was read) */
		if (busy && busy < now && now - busy > limit)
			crash_fail("%s %u blocked %llu ms in a call with a %d ms timeout (state %s)",
				   role_names[s->role], s->index, (unsigned long long)((now - busy) / 1000000u),
				   crash->op_timeout_ms, state_names[atomic_load(&s->state)]);
		else if (!busy && beat < now && now - beat > limit)
			crash_fail("%s %u made no progress for %llu ms (state %s)", role_names[s->role],
				   s->index, (unsigned long long)((now - beat) / 1000000u),
				   state_names[atomic_load(&s->state)]);
		else
			continue;
		atomic_store(&s->busy_since_ns, 0); /* report once */
		atomic_store(&s->heartbeat_ns, now);
	}
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

struct options {
	uint64_t seed;
	unsigned seconds, kill_min_ms, kill_max_ms, rss_every_s;
	bool soak;
	uint32_t rate;
};

static void usage(void)
{
	fprintf(stderr, "usage: crash-inject [--seed N] [--seconds S] [--kill-ms MIN:MAX] [--soak] "
			"[--rate MSGS_PER_S] [--rss-every S]\n");
	exit(2);
}

static struct options parse(int argc, char **argv)
{
	struct options o = { (uint64_t)time(NULL) ^ (uint64_t)getpid() << 16, 10, 5, 40, 10, false, 0 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--soak") == 0) {
			o.soak = true;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (strcmp(a, "--seed") == 0)
			o.seed = strtoull(v, NULL, 0);
		else if (strcmp(a, "--seconds") == 0)
			o.seconds = (unsigned)atoi(v);
		else if (strcmp(a, "--rate") == 0)
			o.rate = (uint32_t)atoi(v);
		else if (strcmp(a, "--rss-every") == 0)
			o.rss_every_s = (unsigned)atoi(v);
		else if (strcmp(a, "--kill-ms") == 0 &&
			 sscanf(v, "%u:%u", &o.kill_min_ms, &o.kill_max_ms) == 2 &&
			 o.kill_min_ms <= o.kill_max_ms)
			;
		else
			usage();
	}
	if (o.seconds == 0 || o.rss_every_s == 0)
		usage();
	return o;
}

static void add_slots(enum crash_role role, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct crash_slot *s = &crash->slots[crash->n_slots++];
		s->role = role;
		s->index = i;
	}
}

/* In a soak, the first of each kind lives the whole run (its memory is
 * watched); the rest are killed now and then. */
static bool victim_allowed(const struct crash_slot *s)
{
	if (!crash->soak)
		return true;
	return s->role == ROLE_CLIENT || s->role == ROLE_OWNER || s->index > 0;
}

/* The command name of pid, for messages. */
static const char *proc_name(int pid)
{
	static char buf[64];
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", pid);
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof buf, f))
		snprintf(buf, sizeof buf, "?");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static void gc_count(const char *name, void *user)
{
	if (strncmp(name, crash->prefix, strlen(crash->prefix)) == 0)
		++*(unsigned *)user;
}

/* Whatever the kills left behind goes with gc; then nothing of ours may be
 * left in /dev/shm.  A segment some other program maps (a workbench or
 * monitor watching every ring on the machine) is not stale, rightly kept
 * by gc: gc is tried again for a moment, and what such a program still
 * maps then is reported, not failed, and removed by name. */
static int check_gc(unsigned *removed)
{
	size_t plen = strlen(crash->prefix);
	for (int attempt = 0;; attempt++) {
		int r = sm_segment_gc(false, gc_count, removed);
		if (r < 0) {
			crash_fail("sm_segment_gc: %s", sm_strerror(r));
			return -1;
		}
		struct sm_segment_info *infos;
		size_t n;
		if (sm_segment_list(&infos, &n) < 0)
			return -1;
		int left = 0, watched = 0;
		for (size_t i = 0; i < n; i++) {
			if (strncmp(infos[i].name, crash->prefix, plen) != 0)
				continue;
			bool others = infos[i].n_attached > 0;
			for (int k = 0; k < infos[i].n_attached; k++)
				others &= infos[i].attached[k] != getpid();
			if (others && attempt < 20) {
				watched++;
				continue;
			}
			char who[128] = "";
			for (int k = 0; k < infos[i].n_attached && strlen(who) < 100; k++)
				snprintf(who + strlen(who), sizeof who - strlen(who), " %d (%s)",
					 infos[i].attached[k], proc_name(infos[i].attached[k]));
			if (others)
				printf("gc: %s kept: another program maps it:%s\n", infos[i].name, who);
			else {
				crash_fail("segment %s left behind after gc (status %s, owner %d %s, attached:%s)",
					   infos[i].name, sm_strerror_name(infos[i].status), infos[i].owner_pid,
					   infos[i].owner_alive ? "alive" : "dead", who[0] ? who : " none");
				left++;
			}
			sm_segment_unlink(infos[i].name, true);
		}
		free(infos);
		if (!watched || left)
			return left ? -1 : 0;
		sleep_ms(100); /* let the other program move on */
	}
}

int main(int argc, char **argv)
{
	struct options o = parse(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	crash = mmap(NULL, sizeof *crash, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (crash == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	crash->seed = o.seed;
	crash->soak = o.soak;
	crash->rate = o.rate;
	if (o.rate && (uint64_t)o.rate * o.seconds > CRASH_MAX_SEQ - CRASH_MAX_SEQ / 8) {
		/* Keep producers writing to the end: their bitmaps hold CRASH_MAX_SEQ. */
		crash->rate = (uint32_t)((CRASH_MAX_SEQ - CRASH_MAX_SEQ / 8) / o.seconds);
		printf("crash-inject: pacing producers at %u messages/s to last %u s\n", crash->rate,
		       o.seconds);
	}
	crash->node_count = 16;
	crash->node_size = 256;
	crash->op_timeout_ms = 500;
	crash->slack_ms = 5000;
	snprintf(crash->prefix, sizeof crash->prefix, "ci%d", (int)getpid());
	snprintf(crash->ring_name, sizeof crash->ring_name, "%s-ring", crash->prefix);
	snprintf(crash->rpc_name, sizeof crash->rpc_name, "%s-rpc", crash->prefix);
	printf("crash-inject: seed %llu (rerun with --seed %llu), %u s, a kill every %u..%u ms%s\n",
	       (unsigned long long)o.seed, (unsigned long long)o.seed, o.seconds, o.kill_min_ms,
	       o.kill_max_ms, o.soak ? ", soak" : "");

	sm_ring *ring;
	if (crash_ring_setup(&ring) < 0)
		return 1;
	add_slots(ROLE_PRODUCER, CRASH_PRODUCERS);
	add_slots(ROLE_CONSUMER, CRASH_CONSUMERS);
	add_slots(ROLE_OWNER, CRASH_OWNERS);
	add_slots(ROLE_SERVER, 1);
	add_slots(ROLE_CLIENT, 1);
	for (unsigned i = 0; i < crash->n_slots; i++)
		start(&crash->slots[i]);

	uint64_t rnd = o.seed;
	uint64_t end = crash_now_ns() + (uint64_t)o.seconds * 1000000000u;
	uint64_t next_rss = 0, kills = 0;
	struct crash_rss *rss = o.soak ? crash_rss_new(crash->n_slots) : NULL;
	while (crash_now_ns() < end) {
		uint64_t wait = o.kill_min_ms + crash_rand(&rnd) % (o.kill_max_ms - o.kill_min_ms + 1);
		/* Sleep in short steps so the watchdog and the sampler keep time. */
		for (uint64_t slept = 0; slept < wait; slept += 10) {
			sleep_ms(wait - slept < 10 ? wait - slept : 10);
			reap_unexpected();
			watchdog();
			if (rss && crash_now_ns() >= next_rss) {
				crash_rss_sample(rss);
				next_rss = crash_now_ns() + (uint64_t)o.rss_every_s * 1000000000u;
			}
		}
		/* A random victim; in a soak, the killable ones in turn, so each
		 * is killed every few periods. */
		static unsigned turn;
		struct crash_slot *s;
		do
			s = &crash->slots[o.soak ? turn++ % crash->n_slots : crash_rand(&rnd) % crash->n_slots];
		while (!victim_allowed(s));
		kill_slot(s);
		kills++;
		start(s);
	}
	/* The end: everyone is killed at once, wherever they are. */
	for (unsigned i = 0; i < crash->n_slots; i++)
		kill_slot(&crash->slots[i]);
	kills += crash->n_slots;

	int ring_ok = crash_ring_finish(ring);
	int rpc_ok = crash_rpc_finish();
	sm_ring_close(ring);
	unsigned removed = 0;
	int gc_ok = check_gc(&removed);
	printf("gc: removed %u segments the kills left behind%s\n", removed,
	       gc_ok == 0 ? ", none of ours left" : "");
	if (rss)
		crash_rss_report(rss);

	uint64_t k[ROLE_N_];
	for (unsigned i = 0; i < ROLE_N_; i++)
		k[i] = atomic_load(&crash->kills[i]);
	printf("count: crash: %llu kills survived (producers %llu, consumers %llu, ring owners %llu, "
	       "rpc servers %llu, rpc clients %llu), seed %llu\n",
	       (unsigned long long)kills, (unsigned long long)k[ROLE_PRODUCER],
	       (unsigned long long)k[ROLE_CONSUMER], (unsigned long long)k[ROLE_OWNER],
	       (unsigned long long)k[ROLE_SERVER], (unsigned long long)k[ROLE_CLIENT],
	       (unsigned long long)o.seed);
	printf("count: crash: %llu ring messages checked (%llu read exactly once, %llu lost with a "
	       "dead reader), %llu rpc calls checked\n",
	       (unsigned long long)crash->ring_checked, (unsigned long long)crash->ring_read,
	       (unsigned long long)crash->ring_lost,
	       (unsigned long long)(atomic_load(&crash->calls_ok) + atomic_load(&crash->calls_failed_ok) +
				    atomic_load(&crash->calls_bad)));
	printf("kill windows:");
	for (unsigned i = 0; i < ST_N_; i++)
		printf(" %s %llu", state_names[i], (unsigned long long)atomic_load(&crash->killed_in[i]));
	printf("\n");

	uint32_t failures = atomic_load(&crash->failures);
	if (failures || ring_ok < 0 || rpc_ok < 0 || gc_ok < 0) {
		printf("crash-inject: FAILED (%u failures; first: %s); rerun with --seed %llu\n", failures,
		       crash->first_failure, (unsigned long long)o.seed);
		return 1;
	}
	printf("crash-inject: passed\n");
	return 0;
}
