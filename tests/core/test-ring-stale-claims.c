/* test-ring-stale-claims.c — a node's claimer word between two holders
 * still names the previous one; a holder that won its position but has
 * not recorded itself yet must be judged as unrecorded, and a stalled
 * holder that lost its position must not write over the next one's word.
 * Each case holds a live handle in a test hook (one process, no timing
 * races):
 *   - MPMC: a producer stalled before recording loses its position to a
 *     reader (50 ms, as documented), the node goes round, and the next
 *     lap's producer reserves it; when the stalled one resumes it must
 *     leave that reservation's word alone (its commit works, readers get
 *     every message);
 *   - SPMC: a consumer stalled before recording on a node whose word names
 *     the previous lap's consumer, since closed: waiters give it
 *     SM_RING_CLAIM_WINDOW_MS, not that closed handle's liveness, and it
 *     still reads its message;
 *   - MPSC: sm_ring_recover() during a producer's unrecorded burst, whose
 *     second node's word names a producer since closed: nothing is
 *     reclaimed, and both messages arrive. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

static sm_ring *hook_producer, *hook_consumer, *hook_monitor;
static int armed;
static enum smi_ring_hook_point armed_point;
static uint64_t armed_pos;
static void (*armed_action)(void);

static void hook(enum smi_ring_hook_point point, uint64_t pos)
{
	if (!armed || point != armed_point || pos != armed_pos)
		return;
	armed = 0;
	armed_action();
}

static void arm(enum smi_ring_hook_point point, uint64_t pos, void (*action)(void))
{
	armed_point = point;
	armed_pos = pos;
	armed_action = action;
	armed = 1;
	smi_ring_test_hook = hook;
}

static void put(sm_ring *r, uint8_t v)
{
	CHECK_EQ(sm_ring_write(r, &v, 1, 0), 0);
}

/* The first byte of the next message (of 1 or 64 bytes). */
static uint8_t get(sm_ring *r, int timeout_ms)
{
	uint8_t b[64];
	ssize_t n = sm_ring_read(r, b, sizeof b, timeout_ms);
	CHECK(n == 1 || n == 64);
	return b[0];
}

/* ---- MPMC: the stalled producer and the next lap's reservation ---- */

static struct sm_ring_slot next_lap;

/* Runs while the stalled producer holds position 0 unrecorded. */
static void next_lap_reserves(void)
{
	put(hook_producer, 1);                      /* position 1 */
	CHECK_EQ(get(hook_consumer, 1000), 1);      /* takes position 0 (a SKIP), reads 1 */
	CHECK_EQ(sm_ring_reserve(hook_producer, &next_lap, 0), 0);
	CHECK_EQ(next_lap.position, 2);             /* node 0 again */
}

static void stalled_producer_leaves_next_lap_alone(void)
{
	const char *name = t_name("stale-mpmc");
	sm_ring *stalled;
	CHECK_EQ(sm_ring_create(&stalled, name, 2, 64, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&hook_producer, name, 0), 0);
	CHECK_EQ(sm_ring_open(&hook_consumer, name, 0), 0);
	arm(SMI_HOOK_WRITE_CLAIMED, 0, next_lap_reserves);
	uint8_t v = 3;
	CHECK_EQ(sm_ring_write(stalled, &v, 1, 1000), 0); /* lands at position 3 */
	smi_ring_test_hook = NULL;
	memset(next_lap.data, 2, 1);
	CHECK_EQ(sm_ring_commit(hook_producer, &next_lap, 1), 0);
	CHECK_EQ(get(hook_consumer, 1000), 2);
	CHECK_EQ(get(hook_consumer, 1000), 3);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(hook_consumer, &s, NULL, 0), 0);
	CHECK_EQ(s.abandoned, 1);
	CHECK_EQ(s.lost, 0);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_close(hook_consumer);
	sm_ring_close(hook_producer);
	sm_ring_close(stalled);
}

/* ---- SPMC: a consumer between its claim and recording itself ---- */

static int write_during_stall;

static void producer_waits_on_stalled_node(void)
{
	uint8_t v = 4;
	write_during_stall = sm_ring_write(hook_producer, &v, 1, 300);
}

static void unrecorded_consumer_keeps_its_message(void)
{
	const char *name = t_name("stale-spmc");
	sm_ring *earlier, *stalled;
	CHECK_EQ(sm_ring_create_flags(&hook_producer, name, 2, 64, SM_RING_SINGLE_PRODUCER,
				      &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&earlier, name, 0), 0);
	CHECK_EQ(sm_ring_open(&stalled, name, 0), 0);
	put(hook_producer, 0);
	put(hook_producer, 1);
	CHECK_EQ(get(earlier, 0), 0); /* node 0's word now names `earlier` */
	sm_ring_close(earlier);
	CHECK_EQ(get(stalled, 0), 1);
	put(hook_producer, 2);         /* node 0 */
	put(hook_producer, 3);
	arm(SMI_HOOK_READ_CLAIMED, 2, producer_waits_on_stalled_node);
	CHECK_EQ(get(stalled, 0), 2);
	smi_ring_test_hook = NULL;
	CHECK_EQ(write_during_stall, -ETIMEDOUT); /* 300 ms < SM_RING_CLAIM_WINDOW_MS */
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(stalled, &s, NULL, 0), 0);
	CHECK_EQ(s.lost, 0);
	CHECK_EQ(get(stalled, 0), 3);
	sm_ring_close(stalled);
	sm_ring_close(hook_producer);
}

/* ---- MPSC: the sweep during an unrecorded burst ---- */

static int recovered_during_burst = -1;

static void sweep_during_burst(void)
{
	recovered_during_burst = sm_ring_recover(hook_monitor);
}

static void sweep_leaves_unrecorded_burst_alone(void)
{
	const char *name = t_name("stale-mpsc");
	sm_ring *consumer, *closed, *burster;
	CHECK_EQ(sm_ring_create_flags(&consumer, name, 4, 64, SM_RING_SINGLE_CONSUMER,
				      &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&closed, name, 0), 0);
	CHECK_EQ(sm_ring_open(&burster, name, 0), 0);
	CHECK_EQ(sm_ring_open(&hook_monitor, name, 0), 0);
	put(consumer, 0);
	put(closed, 1); /* node 1's word names `closed` */
	put(consumer, 2);
	put(consumer, 3);
	for (uint8_t i = 0; i < 4; i++)
		CHECK_EQ(get(consumer, 0), i);
	sm_ring_close(closed);
	uint8_t burst[2][64] = { { 4 }, { 5 } };
	arm(SMI_HOOK_WRITE_CLAIMED, 4, sweep_during_burst);
	CHECK_EQ(sm_ring_write_burst(burster, burst, 64, 2, 0), 2); /* positions 4 and 5 */
	smi_ring_test_hook = NULL;
	CHECK_EQ(recovered_during_burst, 0);
	CHECK_EQ(get(consumer, 0), 4);
	CHECK_EQ(get(consumer, 0), 5);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(consumer, &s, NULL, 0), 0);
	CHECK_EQ(s.abandoned, 0);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_close(hook_monitor);
	sm_ring_close(burster);
	sm_ring_close(consumer);
}

int main(void)
{
	stalled_producer_leaves_next_lap_alone();
	unrecorded_consumer_keeps_its_message();
	sweep_leaves_unrecorded_burst_alone();
	return 0;
}
