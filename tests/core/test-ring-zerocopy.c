/* test-ring-zerocopy.c — reserve/commit/abandon and peek/release, and the
 * positions and node states a monitor sees (the C# header-index tests in
 * spirit: single node, and nested non-sequential writes). */
#include <errno.h>
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

static struct sm_ring_snapshot snap(sm_ring *r, uint8_t *states, uint32_t n)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, states, n), 0);
	return s;
}

static void single_node_positions(sm_ring *r)
{
	struct sm_ring_slot w, rd;
	uint8_t st[5];
	struct sm_ring_snapshot s0 = snap(r, NULL, 0);
	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
	CHECK(w.data != NULL);
	CHECK_EQ(w.capacity, 32);
	struct sm_ring_snapshot s = snap(r, st, 5);
	CHECK_EQ(s.write_reserved, s0.write_reserved + 1);
	CHECK_EQ(s.write_committed, s0.write_committed);
	CHECK_EQ(st[w.position % 5], SM_NODE_WRITING);
	memcpy(w.data, "zero-copy", 9);
	CHECK_EQ(sm_ring_commit(r, &w, 9), 0);
	s = snap(r, st, 5);
	CHECK_EQ(s.write_committed, s0.write_committed + 1);
	CHECK_EQ(st[s0.write_reserved % 5], SM_NODE_READY);

	CHECK_EQ(sm_ring_peek(r, &rd, 0), 0);
	CHECK_EQ(rd.length, 9);
	CHECK(memcmp(rd.data, "zero-copy", 9) == 0);
	s = snap(r, st, 5);
	CHECK_EQ(s.read_claimed, s0.read_claimed + 1);
	CHECK_EQ(s.read_released, s0.read_released);
	CHECK_EQ(st[rd.position % 5], SM_NODE_READING);
	sm_ring_release(r, &rd);
	sm_ring_release(r, &rd); /* twice: ignored */
	s = snap(r, st, 5);
	CHECK_EQ(s.read_released, s0.read_released + 1);
	CHECK_EQ(s.write_reserved, s.read_released);
	CHECK_EQ(st[rd.position % 5], SM_NODE_FREE);
}

static void nested_positions(sm_ring *r)
{
	struct sm_ring_slot a, b, c;
	struct sm_ring_snapshot s0 = snap(r, NULL, 0), s;
	CHECK_EQ(sm_ring_reserve(r, &a, 0), 0);
	CHECK_EQ(sm_ring_reserve(r, &b, 0), 0);
	CHECK_EQ(sm_ring_reserve(r, &c, 0), 0);
	CHECK_EQ(b.position, a.position + 1);
	CHECK_EQ(c.position, b.position + 1);
	s = snap(r, NULL, 0);
	CHECK_EQ(s.write_reserved, s0.write_reserved + 3);
	CHECK_EQ(s.write_committed, s0.write_committed);
	memcpy(c.data, "c", 1);
	CHECK_EQ(sm_ring_commit(r, &c, 1), 0);
	memcpy(b.data, "b", 1);
	CHECK_EQ(sm_ring_commit(r, &b, 1), 0);
	s = snap(r, NULL, 0);
	CHECK_EQ(s.write_committed, s0.write_committed + 2);
	/* Order is kept: a comes first, so nothing is readable yet. */
	char out[32];
	CHECK_EQ(sm_ring_read(r, out, sizeof out, 0), -ETIMEDOUT);
	memcpy(a.data, "a", 1);
	CHECK_EQ(sm_ring_commit(r, &a, 1), 0);
	for (const char *want = "abc"; *want; want++) {
		CHECK_EQ(sm_ring_read(r, out, sizeof out, 0), 1);
		CHECK_EQ(out[0], *want);
	}
	s = snap(r, NULL, 0);
	CHECK_EQ(s.read_released, s0.read_released + 3);
	CHECK_EQ(s.occupancy, 0);
}

static void abandon_and_misuse(sm_ring *r)
{
	struct sm_ring_slot a, b;
	struct sm_ring_snapshot s0 = snap(r, NULL, 0);
	CHECK_EQ(sm_ring_reserve(r, &a, 0), 0);
	memcpy(a.data, "garbage", 7);
	/* Too long a commit keeps the reservation. */
	CHECK_EQ(sm_ring_commit(r, &a, 33), -EMSGSIZE);
	sm_ring_abandon(r, &a);
	sm_ring_abandon(r, &a);                   /* twice: ignored */
	CHECK_EQ(sm_ring_commit(r, &a, 1), -EINVAL); /* no longer reserved */
	uint8_t st[5];
	struct sm_ring_snapshot s = snap(r, st, 5);
	CHECK_EQ(s.abandoned, s0.abandoned + 1);
	CHECK_EQ(s.messages_written, s0.messages_written);
	CHECK_EQ(st[a.position % 5], SM_NODE_ABANDONED);

	CHECK_EQ(sm_ring_reserve(r, &b, 0), 0);
	memcpy(b.data, "real", 4);
	CHECK_EQ(sm_ring_commit(r, &b, 4), 0);
	CHECK_EQ(sm_ring_commit(r, &b, 4), -EINVAL); /* already committed */
	/* The reader never sees the abandoned node. */
	char out[32];
	CHECK_EQ(sm_ring_read(r, out, sizeof out, 0), 4);
	CHECK(memcmp(out, "real", 4) == 0);
	CHECK_EQ(sm_ring_read(r, out, sizeof out, 0), -ETIMEDOUT);
	s = snap(r, NULL, 0);
	CHECK_EQ(s.messages_written, s0.messages_written + 1);
	CHECK_EQ(s.messages_read, s0.messages_read + 1);

	/* Forged slots are refused. */
	struct sm_ring_slot forged = { out, 32, 0, 12345 };
	CHECK_EQ(sm_ring_commit(r, &forged, 1), -EINVAL);
	sm_ring_release(r, &forged);
	sm_ring_abandon(r, &forged);
	CHECK_EQ(sm_ring_reserve(r, NULL, 0), -EINVAL);
	CHECK_EQ(sm_ring_peek(r, NULL, 0), -EINVAL);
	CHECK_EQ(sm_ring_peek(r, &forged, 0), -ETIMEDOUT);
}

static void fill_ring_in_place(sm_ring *r)
{
	/* Five reservations fill five nodes; the sixth times out. */
	struct sm_ring_slot s[6];
	for (int i = 0; i < 5; i++)
		CHECK_EQ(sm_ring_reserve(r, &s[i], 0), 0);
	CHECK_EQ(sm_ring_reserve(r, &s[5], 20), -ETIMEDOUT);
	for (int i = 0; i < 5; i++) {
		memcpy(s[i].data, &i, sizeof i);
		CHECK_EQ(sm_ring_commit(r, &s[i], sizeof i), 0);
	}
	for (int i = 0; i < 5; i++) {
		struct sm_ring_slot p;
		CHECK_EQ(sm_ring_peek(r, &p, 0), 0);
		int v;
		memcpy(&v, p.data, sizeof v);
		CHECK_EQ(v, i);
		sm_ring_release(r, &p);
	}
}

int main(void)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, t_name("ring-zc"), 5, 32, NULL), 0);
	for (int lap = 0; lap < 7; lap++) /* wrap around the ring */
		single_node_positions(r);
	nested_positions(r);
	abandon_and_misuse(r);
	fill_ring_in_place(r);
	sm_ring_close(r);
	return T_EXIT_PASS;
}
