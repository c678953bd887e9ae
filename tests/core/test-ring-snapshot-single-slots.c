/* test-ring-snapshot-single-slots.c — a snapshot shows a zero-copy slot
 * of a single side as it shows one of a shared side: on a spmc ring the
 * single producer's reserved node is being written (not free), on a mpsc
 * ring the single consumer's peeked node is being read (not ready), and
 * both count in the positions and occupancy.  Once committed, released or
 * abandoned, and a lap later, the nodes read as before; a slot whose
 * holder died holds nothing (the next holder starts there) and reads as
 * free (ready).  A spsc producer's reservation shows as well (it read as
 * free: head moves only at commit, and spsc nodes keep their last word). */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 8
#define SIZE  16

static struct sm_ring_snapshot snap(sm_ring *r, uint8_t *states)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, states, NODES), 0);
	CHECK_EQ(s.occupancy, s.write_reserved - s.read_released);
	return s;
}

/* The snapshot's four positions, and its node states in `st`. */
static void positions(sm_ring *r, uint8_t *st, uint64_t reserved, uint64_t committed,
		      uint64_t claimed, uint64_t released)
{
	struct sm_ring_snapshot s = snap(r, st);
	CHECK_EQ(s.write_reserved, reserved);
	CHECK_EQ(s.write_committed, committed);
	CHECK_EQ(s.read_claimed, claimed);
	CHECK_EQ(s.read_released, released);
}

static void all_free(sm_ring *r)
{
	uint8_t st[NODES];
	struct sm_ring_snapshot s = snap(r, st);
	CHECK_EQ(s.occupancy, 0);
	for (int i = 0; i < NODES; i++)
		CHECK_EQ(st[i], SM_NODE_FREE);
}

static void check_mode(unsigned flags)
{
	sm_ring *r, *mon; /* the monitor: a read-only handle, as the workbench's */
	const char *name = t_name("ring-snap-single");
	CHECK_EQ(sm_ring_create_flags(&r, name, NODES, SIZE, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&mon, name, SM_OPEN_READONLY), 0);
	int v = 7;
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
	uint8_t st[NODES];
	struct sm_ring_slot w, rd;
	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
	CHECK_EQ(w.position, 3);
	positions(mon, st, 4, 3, 0, 0);
	CHECK_EQ(st[3], SM_NODE_WRITING);

	CHECK_EQ(sm_ring_peek(r, &rd, 0), 0);
	CHECK_EQ(rd.position, 0);
	positions(mon, st, 4, 3, 1, 0);
	CHECK_EQ(st[0], SM_NODE_READING);
	CHECK_EQ(st[1], SM_NODE_READY);

	sm_ring_release(r, &rd);
	CHECK_EQ(sm_ring_commit(r, &w, sizeof v), 0);
	positions(mon, st, 4, 4, 1, 1);
	CHECK_EQ(st[0], SM_NODE_FREE);
	CHECK_EQ(st[3], SM_NODE_READY);

	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
	sm_ring_abandon(r, &w);
	positions(mon, st, 5, 5, 1, 1);
	CHECK_EQ(st[4], SM_NODE_ABANDONED);
	while (sm_ring_read(r, &v, sizeof v, 0) >= 0) {
	}
	all_free(mon);
	/* A lap later the nodes that held the slots are plain free ones. */
	for (int i = 0; i < NODES; i++)
		CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
	for (int i = 0; i < NODES; i++)
		CHECK_EQ(sm_ring_read(r, &v, sizeof v, 0), (ssize_t)sizeof v);
	all_free(mon);
	sm_ring_close(mon);
	sm_ring_close(r);
}

/* A spsc ring: the producer's reserved node, committed or abandoned. */
static void spsc_reservation(void)
{
	sm_ring *r, *mon;
	const char *name = t_name("ring-snap-spsc");
	CHECK_EQ(sm_ring_create_flags(&r, name, NODES, SIZE,
				      SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&mon, name, SM_OPEN_READONLY), 0);
	int v = 7;
	uint8_t st[NODES];
	struct sm_ring_slot w;
	for (int lap = 0; lap < 2; lap++) { /* the second: nodes carry a lap's words */
		uint64_t base = (uint64_t)lap * NODES;
		for (int i = 0; i < 3; i++)
			CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
		CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
		CHECK_EQ(w.position, base + 3);
		positions(mon, st, base + 4, base + 3, base, base);
		CHECK_EQ(st[3], SM_NODE_WRITING);
		CHECK_EQ(st[4], SM_NODE_FREE);
		CHECK_EQ(sm_ring_commit(r, &w, sizeof v), 0);
		positions(mon, st, base + 4, base + 4, base, base);
		CHECK_EQ(st[3], SM_NODE_READY);
		CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
		CHECK_EQ(snap(mon, st).write_reserved, base + 5);
		CHECK_EQ(st[4], SM_NODE_WRITING);
		sm_ring_abandon(r, &w);
		positions(mon, st, base + 5, base + 5, base, base);
		CHECK_EQ(st[4], SM_NODE_ABANDONED);
		while (sm_ring_read(r, &v, sizeof v, 0) >= 0) {
		}
		all_free(mon);
		for (int i = 0; i < 3; i++) /* to the next lap */
			CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
		while (sm_ring_read(r, &v, sizeof v, 0) >= 0) {
		}
	}
	sm_ring_close(mon);
	sm_ring_close(r);
}

/* A child writes a message, takes the single side's role, reserves
 * (peeks) and dies. */
static const char *child_ring;
static unsigned child_flags;
static int hold_and_die(void *arg)
{
	(void)arg;
	sm_ring *r;
	struct sm_ring_slot slot;
	CHECK_EQ(sm_ring_open(&r, child_ring, 0), 0);
	int v = 7;
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
	if (child_flags & SM_RING_SINGLE_PRODUCER)
		CHECK_EQ(sm_ring_reserve(r, &slot, 0), 0);
	else
		CHECK_EQ(sm_ring_peek(r, &slot, 0), 0);
	return 0; /* without closing */
}

static void dead_holder(unsigned flags)
{
	sm_ring *r, *mon;
	child_ring = t_name("ring-snap-single-dead");
	child_flags = flags;
	CHECK_EQ(sm_ring_create_flags(&r, child_ring, NODES, SIZE, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&mon, child_ring, SM_OPEN_READONLY), 0);
	CHECK_EQ(t_wait(t_fork(hold_and_die, NULL)), 0);
	uint8_t st[NODES];
	positions(mon, st, 1, 1, 0, 0);
	CHECK_EQ(st[0], SM_NODE_READY);
	CHECK_EQ(st[1], SM_NODE_FREE);
	int v;
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, 0), (ssize_t)sizeof v);
	all_free(mon);
	sm_ring_close(mon);
	sm_ring_close(r);
}

int main(void)
{
	for_node_modes(check_mode);
	spsc_reservation();
	dead_holder(SM_RING_SINGLE_PRODUCER);
	dead_holder(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	dead_holder(SM_RING_SINGLE_CONSUMER);
	return T_EXIT_PASS;
}
