/* Zero-copy slots handed to the wrong call, in every mode (ring.h: commit
 * takes only "a slot this handle holds reserved", abandon ignores invalid
 * slots, release ignores "invalid or already released" ones): a peeked
 * slot committed or abandoned, a reserved slot released, a slot kept from
 * a node that has since come round again.  Each is refused or ignored and
 * moves nothing: no node freed, abandoned or lost. */
#include <errno.h>

#include "../testlib.h"
#include "ring-sync.h"

static struct sm_ring_snapshot snapshot(sm_ring *r)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	return s;
}

static void peeked_slot_crossed(sm_ring *r)
{
	struct sm_ring_slot rd;
	CHECK_EQ(sm_ring_write(r, "ab", 2, 0), 0);
	CHECK_EQ(sm_ring_peek(r, &rd, 0), 0);
	CHECK_EQ(sm_ring_commit(r, &rd, 1), -EINVAL);
	sm_ring_abandon(r, &rd);
	struct sm_ring_snapshot s = snapshot(r);
	CHECK_EQ(s.abandoned, 0);
	CHECK_EQ(s.occupancy, 1);
	sm_ring_release(r, &rd);
	CHECK_EQ(snapshot(r).occupancy, 0);
}

static void reserved_slot_released(sm_ring *r)
{
	struct sm_ring_slot w;
	char d[8];
	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
	uint64_t released = snapshot(r).read_released;
	sm_ring_release(r, &w);
	CHECK_EQ(snapshot(r).read_released, released);
	CHECK_EQ(sm_ring_commit(r, &w, 3), 0); /* still reserved */
	CHECK_EQ(sm_ring_read(r, d, sizeof d, 0), 3);
}

/* A peeked slot released, kept, and released again once its node holds
 * a newer message: that message stays. */
static void stale_slot_after_wrap(sm_ring *r, uint32_t nodes)
{
	struct sm_ring_slot rd, old;
	char d[8];
	CHECK_EQ(sm_ring_write(r, "q", 1, 0), 0);
	CHECK_EQ(sm_ring_peek(r, &rd, 0), 0);
	old = rd;
	sm_ring_release(r, &rd);
	for (uint32_t i = 0; i < nodes; i++)
		CHECK_EQ(sm_ring_write(r, "x", 1, 0), 0);
	sm_ring_release(r, &old);
	sm_ring_abandon(r, &old);
	CHECK_EQ(sm_ring_commit(r, &old, 1), -EINVAL);
	CHECK_EQ(snapshot(r).occupancy, nodes);
	for (uint32_t i = 0; i < nodes; i++)
		CHECK_EQ(sm_ring_read(r, d, sizeof d, 0), 1);
}

int main(void)
{
	const unsigned modes[] = { 0, SM_RING_SINGLE_PRODUCER, SM_RING_SINGLE_CONSUMER,
				   SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER };
	for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++) {
		sm_ring *r;
		CHECK_EQ(sm_ring_create_flags(&r, t_name("ring-slot-crossed"), 4, 8, modes[i],
					      &t_ring_opts), 0);
		peeked_slot_crossed(r);
		reserved_slot_released(r);
		stale_slot_after_wrap(r, 4);
		struct sm_ring_snapshot s = snapshot(r);
		CHECK_EQ(s.abandoned + s.lost + s.corrupt, 0);
		CHECK_EQ(s.messages_read, s.messages_written);
		sm_ring_close(r);
	}
	return T_EXIT_PASS;
}
