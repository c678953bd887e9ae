/* test-ring-wakeups.c — no lost wake-ups with many sleepers: several
 * processes sleep on an empty ring (readers) or a full one (writers); as
 * messages or nodes become available every sleeper must get its turn well
 * within its (long) deadline.  A lost wake-up shows as -ETIMEDOUT.  Each
 * round forks fresh sleepers that each move exactly one message. */
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
	CHECK_EQ(sm_ring_create(&r, ring_name, 16, 8, NULL), 0);
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
	CHECK_EQ(sm_ring_create(&r, ring_name, 2, 8, NULL), 0);
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

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	ready_fd = p[1];
	run(p);
	/* Again with sleepers that cannot use membarrier (fences, slices). */
	child_fences = true;
	run(p);
	return T_EXIT_PASS;
}
