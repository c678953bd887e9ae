/* ring.h's timeouts: "0 = try once, -1 = forever (any negative value
 * waits forever)", and the snapshot's `timeouts` "counts -ETIMEDOUT
 * returns of calls with a non-zero timeout".  A read with -2 and a write
 * with INT_MIN wait for the other side (another thread, 100 ms later)
 * instead of failing at once; a timeout of 0 is counted nowhere, a
 * deadline that runs out is counted once. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

#include "../testlib.h"
#include "ring-sync.h"

static void *write_later(void *ring)
{
	t_sleep_ms(100);
	CHECK_EQ(sm_ring_write(ring, "m", 1, 0), 0);
	return NULL;
}

static void *read_later(void *ring)
{
	char c;
	t_sleep_ms(100);
	CHECK_EQ(sm_ring_read(ring, &c, 1, 0), 1);
	return NULL;
}

static uint64_t timeouts(sm_ring *r)
{
	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(r, &snap, NULL, 0), 0);
	return snap.timeouts;
}

/* Run `other` in a thread while this one makes the call that waits for it. */
static pthread_t start(void *(*other)(void *), sm_ring *r)
{
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, other, r), 0);
	return t;
}

int main(void)
{
	sm_ring *r;
	char c;
	CHECK_EQ(sm_ring_create(&r, t_name("ring-negative-timeout"), 2, 1, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_read(r, &c, 1, 0), -ETIMEDOUT);
	CHECK_EQ(timeouts(r), 0);

	pthread_t t = start(write_later, r);
	CHECK_EQ(sm_ring_read(r, &c, 1, -2), 1);
	CHECK_EQ(pthread_join(t, NULL), 0);

	CHECK_EQ(sm_ring_write(r, "a", 1, 0), 0);
	CHECK_EQ(sm_ring_write(r, "b", 1, 0), 0);
	CHECK_EQ(sm_ring_write(r, "c", 1, 0), -ETIMEDOUT);
	CHECK_EQ(timeouts(r), 0);
	t = start(read_later, r);
	CHECK_EQ(sm_ring_write(r, "c", 1, INT_MIN), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);

	CHECK_EQ(sm_ring_write(r, "d", 1, 1), -ETIMEDOUT);
	CHECK_EQ(timeouts(r), 1);
	sm_ring_close(r);
	return T_EXIT_PASS;
}
