/* test-ring-wakeups.c — no lost wake-ups with many sleepers: several
 * processes sleep on an empty ring (readers) or a full one (writers); as
 * messages or nodes become available every sleeper must get its turn well
 * within its (long) deadline.  A lost wake-up shows as -ETIMEDOUT.  Each
 * round forks fresh sleepers that each move exactly one message.
 * Then a stream through a 2-node ring with spinning turned off, so that
 * both sides sleep on nearly every message, and the same race made
 * certain with test hooks: a wake-up meant for an older event (from a
 * waker that saw a flag left by a wait that did not sleep) lands while a
 * producer goes to sleep, and the event it waits for comes just before
 * it sleeps.  It must not sleep through that event. */
#include <errno.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring_internal.h"
#include "ring-sync.h"

#define SLEEPERS 6
#define ROUNDS   3
#define DEADLINE_MS 8000

static const char *ring_name;
static int ready_fd;
static bool child_fences; /* children act as processes without membarrier */

static int reader(void *arg)
{
	(void)arg;
	sm_ring *r;
	smi_ring_force_fences = child_fences;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(ready_fd);
	int v;
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, DEADLINE_MS), (ssize_t)sizeof v);
	sm_ring_close(r);
	return 0;
}

static int writer(void *arg)
{
	(void)arg;
	sm_ring *r;
	smi_ring_force_fences = child_fences;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(ready_fd);
	int v = 1;
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, DEADLINE_MS), 0);
	sm_ring_close(r);
	return 0;
}

static void run(int *p)
{
	sm_ring *r;
	pid_t kids[SLEEPERS];

	/* Sleeping readers: each round, all announce, then get one message. */
	ring_name = t_name("ring-wake-r");
	CHECK_EQ(sm_ring_create(&r, ring_name, 16, 8, &t_ring_opts), 0);
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < SLEEPERS; i++)
			kids[i] = t_fork(reader, NULL);
		sync_wait_ready(p[0], SLEEPERS);
		t_sleep_ms(20); /* let them fall asleep */
		for (int i = 0; i < SLEEPERS; i++)
			CHECK_EQ(sm_ring_write(r, &i, sizeof i, 0), 0);
		for (int i = 0; i < SLEEPERS; i++)
			CHECK_EQ(t_wait(kids[i]), 0);
	}
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.messages_read, SLEEPERS * ROUNDS);
	CHECK_EQ(s.timeouts, 0);
	sm_ring_close(r);

	/* Sleeping writers on a full 2-node ring. */
	ring_name = t_name("ring-wake-w");
	CHECK_EQ(sm_ring_create(&r, ring_name, 2, 8, &t_ring_opts), 0);
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < SLEEPERS; i++)
			kids[i] = t_fork(writer, NULL);
		sync_wait_ready(p[0], SLEEPERS);
		t_sleep_ms(20);
		/* Two fit; the others sleep until the parent drains. */
		for (int i = 0; i < SLEEPERS; i++) {
			int v;
			CHECK_EQ(sm_ring_read(r, &v, sizeof v, DEADLINE_MS), (ssize_t)sizeof v);
		}
		for (int i = 0; i < SLEEPERS; i++)
			CHECK_EQ(t_wait(kids[i]), 0);
	}
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.messages_written, SLEEPERS * ROUNDS);
	CHECK_EQ(s.timeouts, 0);
	sm_ring_close(r);
}

/* ---- A stream where every wait sleeps ---- */

#define STREAM_MSGS 40000

static void no_spinning(sm_ring *r)
{
	atomic_store_explicit(&r->spin, 0, memory_order_relaxed); /* straight to the futex */
}

static int stream_writer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	no_spinning(r);
	for (uint32_t i = 0; i < STREAM_MSGS; i++)
		CHECK_EQ(sm_ring_write(r, &i, sizeof i, DEADLINE_MS), 0);
	sm_ring_close(r);
	return 0;
}

static void stream(unsigned flags)
{
	sm_ring *r;
	ring_name = t_name("ring-wake-s");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, 2, 8, flags, &t_ring_opts), 0);
	no_spinning(r);
	pid_t kid = t_fork(stream_writer, NULL);
	for (uint32_t i = 0; i < STREAM_MSGS; i++) {
		uint32_t v;
		CHECK_EQ(sm_ring_read(r, &v, sizeof v, DEADLINE_MS), (ssize_t)sizeof v);
		CHECK_EQ(v, i);
	}
	CHECK_EQ(t_wait(kid), 0);
	sm_ring_close(r);
}

/* ---- The same race, forced ---- */

static sm_ring *late_consumer;
static sm_ring *stale_producer; /* the handle the stale waker acts through */
static bool stale_done, event_done;

static void stale_wake_hook(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point == SMI_HOOK_SLEEP_FLAGGED && !stale_done) {
		stale_done = true; /* a waker for an event the sleeper already saw */
		smi_ring_wake_slow(stale_producer, SMI_WAIT_SPACE);
	} else if (point == SMI_HOOK_SLEEP_CHECKED && !event_done) {
		event_done = true; /* the event it waits for, just too late to see */
		uint32_t v;
		CHECK_EQ(sm_ring_read(late_consumer, &v, sizeof v, 0), (ssize_t)sizeof v);
	}
}

static void forced_race(unsigned flags)
{
	sm_ring *r;
	ring_name = t_name("ring-wake-f");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, 2, 8, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&late_consumer, ring_name, 0), 0);
	no_spinning(r);
	uint32_t v = 0;
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0); /* full */
	stale_producer = r;
	stale_done = event_done = false;
	smi_ring_test_hook = stale_wake_hook;
	/* The write has room the moment the hook reads: it must not sleep
	 * through that event.  A missed wake-up does not last until the
	 * deadline: every sleep is cut at SMI_RING_RECHECK_NS, after which the
	 * room is found anyway; so the bound must be below that slice, or the
	 * check could never fail. */
	uint64_t t0 = smi_now_ns();
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, DEADLINE_MS), 0);
	CHECK(smi_now_ns() - t0 < SMI_RING_RECHECK_NS / 2);
	smi_ring_test_hook = NULL;
	CHECK(stale_done && event_done);
	sm_ring_close(late_consumer);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	ready_fd = p[1];
	run(p);
	/* Again with sleepers that cannot use membarrier (fences, slices). */
	child_fences = true;
	run(p);
	stream(0);
	stream(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	forced_race(0);
	forced_race(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	return T_EXIT_PASS;
}
