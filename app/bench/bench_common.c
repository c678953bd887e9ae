/* bench_common.c — running one workload: defaults, the shared control
 * block, forking producers and consumers, timing, merging verification
 * results, JSON output. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-verify.h"
#include "bench_internal.h"

static const char *const names[SM_BENCH_N_TRANSPORTS] = {
	[SM_BENCH_RING] = "sharedmem",
	[SM_BENCH_RING_BURST] = "sharedmem-burst",
	[SM_BENCH_RING_ZEROCOPY] = "sharedmem-zerocopy",
	[SM_BENCH_PIPE] = "pipe",
	[SM_BENCH_UNIX_STREAM] = "unix-stream",
	[SM_BENCH_UNIX_SEQPACKET] = "unix-seqpacket",
	[SM_BENCH_MQUEUE] = "posix-mq",
	[SM_BENCH_BARE_RING] = "bare-ring",
	[SM_BENCH_MEMCPY] = "memcpy",
};

const char *sm_bench_transport_name(enum sm_bench_transport t)
{
	return (unsigned)t < SM_BENCH_N_TRANSPORTS ? names[t] : "unknown";
}

int sm_bench_transport_from_name(const char *name)
{
	for (int i = 0; name && i < SM_BENCH_N_TRANSPORTS; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_wait_start(struct bench_run *run)
{
	atomic_fetch_add_explicit(&run->ctl->ready, 1, memory_order_release);
	while (!atomic_load_explicit(&run->ctl->start, memory_order_acquire))
		sched_yield();
}

uint8_t *bench_template(const struct bench_run *run, size_t count)
{
	size_t size = (run->o.msg_size * count + 63) / 64 * 64;
	uint8_t *p = aligned_alloc(64, size ? size : 64);
	if (p)
		sm_traffic_fill(p, run->o.msg_size * count, 42);
	return p;
}

#define BATCH_MAX   16u
#define BATCH_BYTES (64u * 1024u)
unsigned bench_batch(size_t size)
{
	size_t n = BATCH_BYTES / (size ? size : 1);
	return n < 1 ? 1 : n > BATCH_MAX ? BATCH_MAX : (unsigned)n;
}

void bench_stamp_batch(const struct bench_run *run, uint8_t *buf, unsigned id, uint64_t seq,
		       unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		bench_stamp(run, buf + (size_t)i * run->o.msg_size, id, seq + i);
}

unsigned bench_batch_left(const struct bench_run *run, uint64_t seq, unsigned n)
{
	if (run->o.messages && run->o.messages - seq < n)
		return (unsigned)(run->o.messages - seq);
	return n;
}

int bench_produce_batches(struct bench_run *run, unsigned id, unsigned batch,
			  int (*send_batch)(void *ctx, const uint8_t *msgs, size_t size, unsigned n),
			  void *ctx)
{
	size_t size = run->o.msg_size;
	uint8_t *buf = bench_template(run, batch);
	if (!buf)
		return -ENOMEM;
	bench_wait_start(run);
	uint64_t seq = 0;
	int e = 0;
	while (!bench_stop(run, seq)) {
		unsigned n = bench_batch_left(run, seq, batch);
		bench_stamp_batch(run, buf, id, seq, n);
		for (unsigned done = 0; done < n; done += (unsigned)e, seq += (unsigned)e)
			if ((e = send_batch(ctx, buf + done * size, size, n - done)) < 0)
				goto out;
	}
	e = 0;
out:
	run->ctl->sent[id] = seq;
	free(buf);
	return e;
}

struct each {
	int (*send)(void *ctx, const uint8_t *msg, size_t len);
	void *ctx;
};

static int send_each(void *arg, const uint8_t *msgs, size_t size, unsigned n)
{
	const struct each *x = arg;
	for (unsigned i = 0; i < n; i++) {
		int e = x->send(x->ctx, msgs + i * size, size);
		if (e < 0)
			return i ? (int)i : e; /* what went; the error comes next call */
	}
	return (int)n;
}

int bench_produce(struct bench_run *run, unsigned id,
		  int (*send)(void *ctx, const uint8_t *msg, size_t len), void *ctx)
{
	struct each x = { send, ctx };
	return bench_produce_batches(run, id, bench_batch(run->o.msg_size), send_each, &x);
}

int bench_sink_init(struct bench_sink *s, struct bench_run *run, unsigned id)
{
	s->run = run;
	s->id = id;
	s->n = 0;
	/* Reading the clock costs ~20 ns: for small messages only every 1024th.
	 * The run ends at the latest reading, so what a consumer drains after
	 * it is not timed: a counted run's only consumer also reads the clock
	 * at its last message, and with several consumers each reads it at
	 * least every 1/64 of its share (a consumer draining a full ring after
	 * its producers stopped measured up to twice as fast). */
	s->mask = run->o.msg_size >= 4096 ? 0 : 1023;
	s->last = UINT64_MAX;
	if (run->o.messages && run->o.consumers == 1) {
		s->last = run->o.messages * run->o.producers;
	} else if (run->o.messages) {
		uint64_t share = run->o.messages * run->o.producers / run->o.consumers;
		while (s->mask && s->mask + 1 > share / 64)
			s->mask >>= 1;
	}
	unsigned flags = run->check_flags | (run->o.consumers > 1 ? SM_TRAFFIC_SHARED : 0);
	s->v = sm_traffic_verifier_new(run->o.producers, flags);
	return s->v ? 0 : -ENOMEM;
}

static unsigned lat_bucket(uint64_t ns)
{
	if (ns < BENCH_LAT_SUB)
		return (unsigned)ns;
	unsigned hi = 63u - (unsigned)__builtin_clzll(ns); /* >= 3 */
	unsigned sub = (unsigned)(ns >> (hi - 3)) & (BENCH_LAT_SUB - 1);
	return (hi - 2) * BENCH_LAT_SUB + sub;
}

/* The smallest value of bucket b. */
static uint64_t lat_value(unsigned b)
{
	if (b < BENCH_LAT_SUB)
		return b;
	unsigned hi = b / BENCH_LAT_SUB + 2, sub = b % BENCH_LAT_SUB;
	return ((uint64_t)(BENCH_LAT_SUB + sub)) << (hi - 3);
}

void bench_sink_latency(struct bench_sink *s, const uint8_t *msg)
{
	uint64_t sent, now = bench_now_ns();
	memcpy(&sent, msg + 16, sizeof sent);
	uint64_t ns = now > sent ? now - sent : 0;
	unsigned b = lat_bucket(ns);
	s->run->ctl->latency[s->id][b < BENCH_LAT_BUCKETS ? b : BENCH_LAT_BUCKETS - 1]++;
}

/* Percentiles over all consumers' histograms. */
static void fill_latency(const struct bench_run *run, struct sm_bench_result *res)
{
	uint64_t total = 0, merged[BENCH_LAT_BUCKETS] = { 0 };
	for (unsigned c = 0; c < run->o.consumers; c++)
		for (unsigned b = 0; b < BENCH_LAT_BUCKETS; b++) {
			merged[b] += run->ctl->latency[c][b];
			total += run->ctl->latency[c][b];
		}
	if (!total)
		return;
	uint64_t seen = 0, p50 = (total + 1) / 2, p99 = total - total / 100;
	for (unsigned b = 0; b < BENCH_LAT_BUCKETS; b++) {
		if (!merged[b])
			continue;
		seen += merged[b];
		if (!res->p50_ns && seen >= p50)
			res->p50_ns = lat_value(b);
		if (!res->p99_ns && seen >= p99)
			res->p99_ns = lat_value(b);
		res->max_ns = lat_value(b + 1 < BENCH_LAT_BUCKETS ? b + 1 : b);
	}
}

void bench_sink_clock(struct bench_sink *s)
{
	s->run->ctl->last_ns[s->id] = bench_now_ns();
}

void bench_sink_finish(struct bench_sink *s)
{
	struct bench_ctl *c = s->run->ctl;
	sm_traffic_counts(s->v, &c->counts[s->id]);
	sm_traffic_tallies(s->v, &c->tallies[s->id * s->run->o.producers], s->run->o.producers);
	sm_traffic_verifier_free(s->v);
}

/* ---- the run ---- */

/* The default ring: 16 nodes for messages over 64 KiB (the 1 MiB
 * workload's); else at least 1024 nodes, doubled until they hold
 * BENCH_RING_BYTES of payload.  A ring larger than a core's L2 cache
 * streams its lines through the shared L3, where one that fits in L2
 * bounces every line between the two cores' L2s, each write waiting for
 * the reader's copy to be taken back: on the 2-core test machine 64-byte
 * messages went 1.5-2x faster through 32768 nodes (4 MiB) than through
 * 1024 (128 KiB), whatever the ring mode. */
#define BENCH_RING_BYTES (2u << 20)
static uint32_t default_nodes(uint32_t node_size)
{
	if (node_size > 65536)
		return 16;
	uint32_t n = 1024;
	while ((uint64_t)n * node_size < BENCH_RING_BYTES)
		n *= 2;
	return n;
}

static int fill_defaults(struct bench_run *run, enum sm_bench_transport t,
			 const struct sm_bench_ring_opts *in)
{
	struct sm_bench_ring_opts *o = &run->o;
	*o = *in;
	run->t = t;
	if ((unsigned)t >= SM_BENCH_N_TRANSPORTS || o->msg_size < SM_TRAFFIC_MIN_SIZE ||
	    o->msg_size > SM_BENCH_MAX_SIZE || o->producers < 1 || o->consumers < 1 ||
	    o->producers > SM_BENCH_MAX_PROCS || o->consumers > SM_BENCH_MAX_PROCS ||
	    o->seconds < 0 || o->seconds > SM_BENCH_MAX_SECONDS ||
	    o->messages > UINT64_MAX / o->producers)
		return -EINVAL; /* (the last: messages * producers, the total, would wrap) */
	if (!o->node_size)
		o->node_size = (uint32_t)o->msg_size;
	if (!o->node_count)
		o->node_count = default_nodes(o->node_size);
	if (o->node_size < o->msg_size || o->node_count < 2)
		return -EINVAL;
	if (!o->burst)
		o->burst = SM_BENCH_DEFAULT_BURST;
	if (o->seconds == 0)
		o->seconds = 1.0;
	run->check_flags = o->full_check ? SM_TRAFFIC_FULL : 0;
	return 0;
}

struct child {
	struct bench_run *run;
	int (*fn)(struct bench_run *, unsigned);
	unsigned id;
	int slot;
};

static pid_t spawn(const struct child *c)
{
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		/* Die with the parent: killed alone (kill PID, a supervisor),
		 * it would leave producers and consumers spinning for good. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		int e = c->fn(c->run, c->id);
		if (c->slot < SM_BENCH_MAX_PROCS)
			c->run->ctl->end_ns[c->slot] = bench_now_ns();
		c->run->ctl->error[c->slot] = e;
		_exit(e < 0 ? 1 : 0);
	}
	return pid;
}

/* Did child `pid` end (reaped, *pid set to 0)?  `how`: WNOHANG or 0
 * (wait).  *died is set if it died of a signal. */
static bool ended(pid_t *pid, int how, bool *died)
{
	int st;
	pid_t r = -1;
	while (*pid > 0 && (r = waitpid(*pid, &st, how)) < 0 && errno == EINTR)
		;
	if (*pid <= 0 || r != *pid)
		return false;
	*died |= WIFSIGNALED(st);
	*pid = 0;
	return true;
}

/* Wait for every child still in pids[] (how they end no longer matters). */
static void reap(pid_t *pids, unsigned n)
{
	bool died = false;
	for (unsigned i = 0; i < n; i++)
		ended(&pids[i], 0, &died);
}

static double children_cpu_s(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_CHILDREN, &ru) < 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	       ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

/* How often a timed run looks whether a child ended (the parent sleeps
 * between: a wake-up each 50 ms costs the run nothing measurable). */
#define CHILD_CHECK_NS 50000000u

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Has one of the n children in pids[] ended?  (WNOWAIT: it stays to be
 * reaped, and judged, by wait_producers.) */
static bool any_ended(const pid_t *pids, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		siginfo_t info = { 0 };
		if (pids[i] > 0 && waitid(P_PID, (id_t)pids[i], &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    info.si_pid != 0)
			return true;
	}
	return false;
}

/* The run's duration, cut short when a child ends: a consumer or
 * producer that died (or failed) ends the run at once, not at its end. */
static void run_for(const struct bench_run *run, const pid_t *prods, const pid_t *cons)
{
	uint64_t end = bench_now_ns() + (uint64_t)(run->o.seconds * 1e9);
	for (;;) {
		uint64_t now = bench_now_ns();
		if (now >= end || any_ended(prods, run->o.producers) || any_ended(cons, run->o.consumers))
			return;
		sleep_s(end - now < CHILD_CHECK_NS ? (double)(end - now) / 1e9 : CHILD_CHECK_NS / 1e9);
	}
}

/* Wait for the producers to end.  A consumer that ends first (they end
 * only after producers_done, unless they fail or crash) or a child
 * killed by a signal ends the run: the producers would wait for that
 * consumer forever, and a dead child's figures are missing, so the others
 * are killed.  0, or -SM_EPEERDEAD (a child died or a consumer quit;
 * its own error, if it reported one, is in the control block). */
static int wait_producers(struct bench_run *run, pid_t *prods, pid_t *cons)
{
	unsigned left = run->o.producers;
	bool died = false, quit = false;
	while (left && !died && !quit) {
		for (unsigned i = 0; i < run->o.producers; i++)
			if (ended(&prods[i], WNOHANG, &died))
				left--;
		for (unsigned i = 0; i < run->o.consumers; i++)
			if (ended(&cons[i], WNOHANG, &died))
				quit = true;
		if (left && !died && !quit)
			sleep_s(0.001);
	}
	if (!died && !quit)
		return 0;
	for (unsigned i = 0; i < SM_BENCH_MAX_PROCS; i++) {
		if (prods[i] > 0)
			kill(prods[i], SIGKILL);
		if (cons[i] > 0)
			kill(cons[i], SIGKILL);
	}
	reap(prods, run->o.producers);
	reap(cons, run->o.consumers);
	return -SM_EPEERDEAD;
}

/* Wait until all children reported ready: 0, or -SM_EPEERDEAD if one
 * exited first (its error, if any, is in the control block). */
static int wait_ready(struct bench_run *run, pid_t *prods, pid_t *cons)
{
	int want = (int)(run->o.producers + run->o.consumers);
	while (atomic_load_explicit(&run->ctl->ready, memory_order_acquire) < want) {
		for (unsigned i = 0; i < SM_BENCH_MAX_PROCS; i++) {
			pid_t *p = i < run->o.producers ? &prods[i] : NULL;
			pid_t *c = i < run->o.consumers ? &cons[i] : NULL;
			for (int k = 0; k < 2; k++) {
				pid_t *x = k ? c : p;
				bool died = false;
				if (x && ended(x, WNOHANG, &died))
					return -SM_EPEERDEAD;
			}
		}
		sleep_s(0.001);
	}
	return 0;
}


void bench_result_init(const struct bench_run *run, struct sm_bench_result *res)
{
	const struct sm_bench_ring_opts *o = &run->o;
	memset(res, 0, sizeof *res);
	if (o->workload)
		snprintf(res->workload, sizeof res->workload, "%s", o->workload);
	else
		snprintf(res->workload, sizeof res->workload, "%zuB %u->%u", o->msg_size, o->producers,
			 o->consumers);
	res->transport = sm_bench_transport_name(run->t);
	if (run->t <= SM_BENCH_RING_ZEROCOPY)
		res->ring_mode = sm_ring_mode_name(o->ring_flags);
	res->msg_size = o->msg_size;
	res->producers = o->producers;
	res->consumers = o->consumers;
	res->node_count = o->node_count;
}

static void fill_result(const struct bench_run *run, uint64_t t0, struct sm_bench_result *res)
{
	const struct sm_bench_ring_opts *o = &run->o;
	struct bench_ctl *c = run->ctl;
	bench_result_init(run, res);
	struct sm_traffic_counts total;
	sm_traffic_merge(c->counts, c->tallies, o->consumers, c->sent, o->producers, &total);
	/* The end: the later of the producers' stop and the consumers' last
	 * clock readings (taken every so many messages, so that reading the
	 * clock does not slow them down). */
	uint64_t t1 = t0;
	for (unsigned i = 0; i < o->consumers; i++)
		if (c->last_ns[i] > t1)
			t1 = c->last_ns[i];
	for (unsigned i = 0; i < o->producers; i++)
		if (c->end_ns[i] > t1)
			t1 = c->end_ns[i];
	res->messages = total.ok + total.reordered;
	res->seconds = (double)(t1 - t0) / 1e9;
	if (res->seconds > 0) {
		res->msgs_per_s = (double)res->messages / res->seconds;
		res->bytes_per_s = res->msgs_per_s * (double)o->msg_size;
	}
	fill_latency(run, res);
	res->lost = total.lost;
	res->duplicated = total.duplicated;
	res->corrupted = total.corrupted;
	res->reordered = total.reordered;
}

static int run_transport(enum sm_bench_transport t, const struct sm_bench_ring_opts *o,
			 struct sm_bench_result *res)
{
	struct bench_run run = { 0 };
	if (!o || !res)
		return -EINVAL;
	int e = fill_defaults(&run, t, o);
	if (e < 0)
		return e;
	if (t == SM_BENCH_MEMCPY)
		return bench_memcpy_run(&run, res);
	const struct bench_ops *ops = t <= SM_BENCH_RING_ZEROCOPY ? &bench_ring_ops
				    : t == SM_BENCH_MQUEUE        ? &bench_mq_ops
				    : t == SM_BENCH_BARE_RING     ? &bench_bare_ops
								  : &bench_fd_ops;
	run.ctl = mmap(NULL, sizeof *run.ctl, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (run.ctl == MAP_FAILED)
		return -errno;
	e = ops->prepare(&run);
	if (e < 0) {
		munmap(run.ctl, sizeof *run.ctl);
		return e;
	}
	pid_t cons[SM_BENCH_MAX_PROCS] = { 0 }, prods[SM_BENCH_MAX_PROCS] = { 0 };
	double cpu0 = children_cpu_s();
	/* A child that could not be forked would never report ready. */
	for (unsigned i = 0; i < run.o.consumers && e == 0; i++)
		if ((cons[i] = spawn(&(struct child){ &run, ops->consumer, i,
						     (int)(SM_BENCH_MAX_PROCS + i) })) < 0)
			e = -errno;
	for (unsigned i = 0; i < run.o.producers && e == 0; i++)
		if ((prods[i] = spawn(&(struct child){ &run, ops->producer, i, (int)i })) < 0)
			e = -errno;
	/* Start the clock once every child has set up (a consumer that opened
	 * late could otherwise miss the whole run), or one of them failed. */
	if (e == 0)
		e = wait_ready(&run, prods, cons);
	if (e < 0) { /* a child could not be started or set up: no run */
		for (unsigned i = 0; i < SM_BENCH_MAX_PROCS; i++) {
			if (prods[i] > 0)
				kill(prods[i], SIGKILL);
			if (cons[i] > 0)
				kill(cons[i], SIGKILL);
		}
	}
	uint64_t t0 = bench_now_ns();
	atomic_store_explicit(&run.ctl->start, 1, memory_order_release);
	if (!run.o.messages && e == 0) {
		run_for(&run, prods, cons);
		atomic_store_explicit(&run.ctl->stop, 1, memory_order_relaxed);
	}
	if (e == 0)
		e = wait_producers(&run, prods, cons);
	reap(prods, run.o.producers);
	if (e == 0) /* else every child is gone: no one to tell */
		ops->producers_done(&run);
	if (e == 0) {
		/* The consumers drain what is left; one that dies meanwhile
		 * takes its counts with it. */
		bool died = false;
		for (unsigned i = 0; i < run.o.consumers; i++)
			ended(&cons[i], 0, &died);
		if (died)
			e = -SM_EPEERDEAD;
	}
	reap(cons, run.o.consumers);
	ops->cleanup(&run);
	for (unsigned i = 0; i < 2 * SM_BENCH_MAX_PROCS; i++)
		if (run.ctl->error[i] < 0)
			e = run.ctl->error[i];
	if (e == 0) {
		fill_result(&run, t0, res);
		res->cpu_seconds = children_cpu_s() - cpu0;
	}
	munmap(run.ctl, sizeof *run.ctl);
	return e;
}

int sm_bench_run(enum sm_bench_transport t, const struct sm_bench_ring_opts *o,
		 struct sm_bench_result *res)
{
	int e = run_transport(t, o, res);
	if (e == 0)
		sm_bench_test_lose(res->transport, &res->lost);
	return e;
}

void sm_bench_result_json(FILE *out, const struct sm_bench_result *r, const char *extra)
{
	fprintf(out,
		"{\"workload\": \"%s\", \"transport\": \"%s\", \"ring_mode\": %s%s%s, \"msg_size\": %zu, "
		"\"producers\": %u, \"consumers\": %u, \"node_count\": %u, \"messages\": %llu, "
		"\"seconds\": %.6f, \"msgs_per_s\": %.1f, \"bytes_per_s\": %.1f, \"lost\": %llu, "
		"\"duplicated\": %llu, \"corrupted\": %llu, \"reordered\": %llu, \"p50_ns\": %llu, "
		"\"p99_ns\": %llu, \"max_ns\": %llu, \"cpu_seconds\": %.3f%s%s}",
		r->workload, r->transport, r->ring_mode ? "\"" : "", r->ring_mode ? r->ring_mode : "null",
		r->ring_mode ? "\"" : "", r->msg_size, r->producers, r->consumers, r->node_count,
		(unsigned long long)r->messages, r->seconds, r->msgs_per_s, r->bytes_per_s,
		(unsigned long long)r->lost, (unsigned long long)r->duplicated,
		(unsigned long long)r->corrupted, (unsigned long long)r->reordered,
		(unsigned long long)r->p50_ns, (unsigned long long)r->p99_ns,
		(unsigned long long)r->max_ns, r->cpu_seconds,
		extra ? ", " : "",
		extra ? extra : "");
}
