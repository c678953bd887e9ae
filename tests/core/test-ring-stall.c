/* test-ring-stall.c — a holder that stalls (not dies) right after winning
 * its position, before recording itself, long enough to be presumed dead.
 * Waiters take the position from it; when it wakes up it must notice,
 * even though the marker the recoverer left has been overwritten by then
 * (the consumer passing the SKIP, the producer of the next lap):
 *   - a producer stalled 300 ms: its position becomes a SKIP (abandoned 1)
 *     and it writes its message at another one: every message arrives, in
 *     order, nothing lost;
 *   - a consumer stalled past SM_RING_CLAIM_WINDOW_MS: its message counts
 *     as lost (exactly one) and it leaves the node alone, so every other
 *     message still arrives once, in order, and nothing counts as corrupt. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 4
#define SIZE  16
#define COUNT 64
#define STALL_AT 5 /* the stall happens in the 5th call */

static const char *ring_name;
static enum smi_ring_hook_point stall_point;
static int stall_ms, calls;

static void stall_once(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point == stall_point && ++calls == STALL_AT)
		t_sleep_ms(stall_ms);
}

/* Both sides poll (timeout 0, then a 1 ms nap): a waiter asleep on a full
 * or empty ring is woken by publications, not by claims, so one that slept
 * through the whole stall would never judge the stalled holder. */
static void put(sm_ring *r, uint64_t value)
{
	uint8_t msg[SIZE] = { 0 };
	memcpy(msg, &value, sizeof value);
	int e = -ETIMEDOUT;
	for (int ms = 0; e == -ETIMEDOUT && ms < 10000; ms++)
		if ((e = sm_ring_write(r, msg, SIZE, 0)) == -ETIMEDOUT)
			t_sleep_ms(1);
	CHECK_EQ(e, 0);
}

static int producer(void *arg)
{
	bool stalls = arg != NULL;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	if (stalls)
		smi_ring_test_hook = stall_once;
	for (uint64_t i = 0; i < COUNT; i++)
		put(r, i);
	sm_ring_close(r);
	return 0;
}

/* Reads until `expect` messages or a 3 s silence; returns how many it got
 * and fails on any out-of-order, repeated or foreign one. */
static int consume(sm_ring *r, int expect, uint64_t skip_allowed)
{
	uint64_t next = 0;
	int got = 0, idle_ms = 0;
	while (got < expect && idle_ms < 3000) {
		uint8_t msg[SIZE];
		ssize_t n = sm_ring_read(r, msg, sizeof msg, 0);
		if (n == -ETIMEDOUT) {
			t_sleep_ms(1);
			idle_ms++;
			continue;
		}
		idle_ms = 0;
		CHECK_EQ(n, SIZE);
		uint64_t v;
		memcpy(&v, msg, sizeof v);
		CHECK(v >= next && v - next <= skip_allowed); /* in order, gaps only where allowed */
		skip_allowed -= v - next;
		next = v + 1;
		got++;
	}
	return got;
}

/* The ring's counts after COUNT messages were written and none corrupted. */
static struct sm_ring_snapshot expect_counts(sm_ring *r, uint64_t abandoned, uint64_t lost,
					     uint64_t read)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.abandoned, abandoned);
	CHECK_EQ(s.lost, lost);
	CHECK_EQ(s.corrupt, 0);
	CHECK_EQ(s.messages_written, COUNT);
	CHECK_EQ(s.messages_read, read);
	return s;
}

static void producer_stalls(void)
{
	sm_ring *r;
	ring_name = t_name("ring-stall-w");
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, &t_ring_opts), 0);
	stall_point = SMI_HOOK_WRITE_CLAIMED;
	stall_ms = 300; /* past the 50 ms a producer's claim may stay unrecorded */
	calls = 0;
	pid_t p = t_fork(producer, (void *)1);
	CHECK_EQ(consume(r, COUNT, 0), COUNT);
	CHECK_EQ(t_wait(p), 0);
	expect_counts(r, 1, 0, COUNT);
	sm_ring_close(r);
}

static void consumer_stalls(void)
{
	sm_ring *r;
	ring_name = t_name("ring-stall-r");
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, &t_ring_opts), 0);
	stall_point = SMI_HOOK_READ_CLAIMED;
	stall_ms = SM_RING_CLAIM_WINDOW_MS + 500;
	calls = 0;
	smi_ring_test_hook = stall_once; /* this process consumes */
	pid_t p = t_fork(producer, NULL);
	CHECK_EQ(consume(r, COUNT - 1, 1), COUNT - 1);
	smi_ring_test_hook = NULL;
	CHECK_EQ(t_wait(p), 0);
	uint8_t msg[SIZE];
	CHECK_EQ(sm_ring_read(r, msg, sizeof msg, 0), -ETIMEDOUT); /* nothing twice */
	struct sm_ring_snapshot s = expect_counts(r, 0, 1, COUNT - 1);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_close(r);
}

int main(void)
{
	producer_stalls();
	consumer_stalls();
	return T_EXIT_PASS;
}
