/* test-ring-single-takeover.c — the step a dead single-role holder left
 * half done may already have been acted on by the other side before the
 * next holder takes the role over:
 *   - spmc: the dead producer published a node but did not move head, and
 *     a consumer read and freed that node (consumers find messages by the
 *     node, not by head);
 *   - mpsc: the dead consumer freed a node but did not move tail, and a
 *     producer refilled it for the next lap (producers find room by the
 *     node, not by tail).
 * The next holder must still move its index past that step, or it waits
 * at a node that will never come back to it (the ring is stuck for good). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"
#include "ring-victim.h"

#define NODES 8
#define SIZE  32
#define BEFORE 2 /* messages the victim finishes before it stops */
#define WAIT_MS 2000

static const char *ring_name;

static int put(sm_ring *r, uint32_t value)
{
	uint8_t msg[SIZE] = { 0 };
	memcpy(msg, &value, sizeof value);
	return sm_ring_write(r, msg, SIZE, WAIT_MS);
}

static int64_t get(sm_ring *r)
{
	uint8_t msg[SIZE];
	ssize_t n = sm_ring_read(r, msg, sizeof msg, WAIT_MS);
	if (n != SIZE)
		return n < 0 ? n : -1;
	uint32_t value;
	memcpy(&value, msg, sizeof value);
	return value;
}

static int victim(void *arg)
{
	bool producer = arg != NULL;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	for (uint32_t i = 0;; i++)
		CHECK_EQ(producer ? put(r, i) : get(r), producer ? 0 : (int64_t)i);
	return 4; /* never reached */
}

/* The producer dies after publishing its third message, before moving
 * head; we read that message, then take the producer role. */
static void spmc_producer_dies(int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-takeover-w");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE, SM_RING_SINGLE_PRODUCER,
				      &t_ring_opts), 0);
	victim_arm(SMI_HOOK_WRITE_PUBLISHED, BEFORE);
	victim_kill_when_stopped(t_fork(victim, (void *)1), pipe_rd);
	for (uint32_t i = 0; i <= BEFORE; i++)
		CHECK_EQ(get(r), i);
	CHECK_EQ(put(r, 100), 0); /* takes the role over */
	CHECK_EQ(get(r), 100);
	for (uint32_t i = 0; i < 2 * NODES; i++) {
		CHECK_EQ(put(r, 200 + i), 0);
		CHECK_EQ(get(r), 200 + i);
	}
	sm_ring_close(r);
}

/* The consumer dies after freeing the third message's node, before moving
 * tail; we write until that node holds the next lap's message, then take
 * the consumer role. */
static void mpsc_consumer_dies(int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-takeover-r");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE, SM_RING_SINGLE_CONSUMER,
				      &t_ring_opts), 0);
	for (uint32_t i = 0; i < NODES; i++)
		CHECK_EQ(put(r, i), 0);
	victim_arm(SMI_HOOK_READ_FREED, BEFORE);
	victim_kill_when_stopped(t_fork(victim, NULL), pipe_rd);
	for (uint32_t i = 0; i <= BEFORE; i++) /* the third refills its node */
		CHECK_EQ(put(r, 100 + i), 0);
	for (uint32_t i = BEFORE + 1; i < NODES; i++) /* takes the role over */
		CHECK_EQ(get(r), i);
	for (uint32_t i = 0; i <= BEFORE; i++)
		CHECK_EQ(get(r), 100 + i);
	uint8_t msg[SIZE];
	CHECK_EQ(sm_ring_read(r, msg, sizeof msg, 0), -ETIMEDOUT);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	victim_fd = p[1];
	spmc_producer_dies(p[0]);
	mpsc_consumer_dies(p[0]);
	return T_EXIT_PASS;
}
