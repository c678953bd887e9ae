/* test-ring-held-wait-backoff.c — a reader waiting on a node that a live
 * producer (another process) holds wakes up now and then to check that
 * producer, and each sleep costs a membarrier().  It used to wake every
 * 10 ms however long the wait, about 1.5% of a CPU; the sleep now grows
 * while the node stays held.  Here a producer holds its reservation for a
 * second, then commits (the reader gets the message at once: the commit
 * wakes it) or dies (the reader must still notice within a bounded time).
 * Counted: the reader's sleeps (the SLEEP_CHECKED hook) and its CPU time. */
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define MAGIC     4242u
#define HOLD_MS   1000 /* how long the producer keeps its reservation */
#define MAX_SLEEPS 40  /* in HOLD_MS: 10 ms slices made about 100 */
#define NOTICE_MS 400  /* the most a dead holder may go unnoticed */

enum ending { COMMIT, DIE };

static const char *ring_name;
static int to_parent;
static unsigned sleeps;

static void count_sleeps(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point == SMI_HOOK_SLEEP_CHECKED)
		sleeps++;
}

/* The CPU time this thread has used (user and system), in µs. */
static uint64_t thread_cpu_us(void)
{
	struct rusage u;
	CHECK(getrusage(RUSAGE_THREAD, &u) == 0);
	return (uint64_t)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000 +
	       (uint64_t)(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/* Reserves a node, keeps it HOLD_MS, then commits or dies. */
static int holding_producer(void *arg)
{
	enum ending how = *(enum ending *)arg;
	struct sm_ring_slot s;
	sm_ring *r = sync_reserve_u32(ring_name, &s, MAGIC, to_parent);
	t_sleep_ms(HOLD_MS);
	if (how == DIE)
		raise(SIGKILL);
	CHECK_EQ(sm_ring_commit(r, &s, sizeof(uint32_t)), 0);
	sm_ring_close(r);
	return 0;
}

static void wait_on_held_node(unsigned flags, bool shut_down, enum ending how)
{
	int up[2];
	CHECK(pipe(up) == 0);
	to_parent = up[1];
	char what[64];
	snprintf(what, sizeof what, "%s%s, holder %s", sm_ring_mode_name(flags),
		 shut_down ? " shut down" : "", how == COMMIT ? "commits" : "dies");
	ring_name = t_name("ring-held-wait");
	sm_ring *owner, *reader;
	CHECK_EQ(sm_ring_create_flags(&owner, ring_name, 4, 16, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&reader, ring_name, 0), 0);
	pid_t p = t_fork(holding_producer, &how);
	sync_wait_ready(up[0], 1);
	if (shut_down)
		sm_ring_close(owner);

	sleeps = 0;
	smi_ring_test_hook = count_sleeps;
	uint64_t cpu0 = thread_cpu_us(), wall0 = t_now_ms();
	uint32_t v = 0;
	ssize_t got = sm_ring_read(reader, &v, sizeof v, shut_down ? -1 : 5000);
	uint64_t cpu = thread_cpu_us() - cpu0, wall = t_now_ms() - wall0;
	smi_ring_test_hook = NULL;
	/* (one line: the cases run side by side) */
	printf("%s: waited %llu ms, %u sleeps, %llu us of CPU\n", what, (unsigned long long)wall,
	       sleeps, (unsigned long long)cpu);
	fflush(stdout);

	CHECK_EQ(t_wait(p), how == DIE ? 128 + SIGKILL : 0);
	if (how == COMMIT) {
		CHECK_EQ(got, sizeof v);
		CHECK_EQ(v, MAGIC);
	} else if (shut_down) {
		CHECK_EQ(got, -SM_ESHUTDOWN); /* the dead holder's node skipped */
	}
	CHECK(wall >= HOLD_MS / 2);
	if (how == DIE && shut_down)
		CHECK(wall < HOLD_MS + NOTICE_MS);
	CHECK(sleeps <= MAX_SLEEPS);
	if (!shut_down)
		sm_ring_close(owner);
	sm_ring_close(reader);
	close(up[0]);
	close(up[1]);
}

#define SPSC (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)
static const struct held_case {
	unsigned flags;
	bool shut_down;
	enum ending how;
} cases[] = {
	{ 0, false, COMMIT }, { 0, true, COMMIT }, { 0, true, DIE },
	{ SM_RING_SINGLE_PRODUCER, false, COMMIT }, { SM_RING_SINGLE_PRODUCER, true, COMMIT },
	{ SM_RING_SINGLE_PRODUCER, true, DIE },
	{ SM_RING_SINGLE_CONSUMER, false, COMMIT }, { SM_RING_SINGLE_CONSUMER, true, COMMIT },
	{ SM_RING_SINGLE_CONSUMER, true, DIE },
	{ SPSC, true, COMMIT }, { SPSC, true, DIE },
};

static void held_case(int i)
{
	wait_on_held_node(cases[i].flags, cases[i].shut_down, cases[i].how);
}

/* Each case waits a second on its holder: side by side (11 s one after
 * the other). */
int main(void)
{
	t_cases_at_once((int)(sizeof cases / sizeof cases[0]), held_case);
	return T_EXIT_PASS;
}
