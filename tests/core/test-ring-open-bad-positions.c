/* test-ring-open-bad-positions.c — a ring whose head and tail no ring
 * could hold (past 2^62, where positions alias in the node words; tail
 * ahead of head; further apart than a lap) is refused on open with
 * -SM_EBADHEADER, read-only too, instead of a handle whose reads wait
 * out their deadline with messages in the ring.  Positions a live ring
 * can show (full, or a single side's index a step behind) still open. */
#include <errno.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 8
#define SIZE  16
#define BIG   (UINT64_C(1) << 62)

/* Open ring `flags` after setting its head and tail: the result. */
static int open_with(unsigned flags, uint64_t head, uint64_t tail, unsigned open_flags)
{
	const char *name = t_name("ring-open-bad-positions");
	sm_ring *r, *o = (sm_ring *)1;
	CHECK_EQ(sm_ring_create_flags(&r, name, NODES, SIZE, flags, &t_ring_opts), 0);
	atomic_store(&r->ctl->head, head);
	atomic_store(&r->ctl->tail, tail);
	int e = sm_ring_open(&o, name, open_flags);
	CHECK(e == 0 ? o != NULL : o == NULL);
	sm_ring_close(o);
	sm_ring_close(r);
	return e;
}

int main(void)
{
	const unsigned SP = SM_RING_SINGLE_PRODUCER, SC = SM_RING_SINGLE_CONSUMER;
	/* Refused, in every mode and read-only. */
	for (unsigned flags = 0; flags <= (SP | SC); flags++) {
		CHECK_EQ(open_with(flags, BIG, BIG, 0), -SM_EBADHEADER);
		CHECK_EQ(open_with(flags, BIG + 3, 3, 0), -SM_EBADHEADER);
		CHECK_EQ(open_with(flags, UINT64_MAX, UINT64_MAX - 1, SM_OPEN_READONLY), -SM_EBADHEADER);
		CHECK_EQ(open_with(flags, 100, 0, 0), -SM_EBADHEADER);
		CHECK_EQ(open_with(flags, 100, 0, SM_OPEN_READONLY), -SM_EBADHEADER);
		CHECK_EQ(open_with(flags, 0, 2 * NODES, 0), -SM_EBADHEADER);
	}
	CHECK_EQ(open_with(0, 0, 5, 0), -SM_EBADHEADER);
	CHECK_EQ(open_with(SP | SC, 0, 1, 0), -SM_EBADHEADER);
	CHECK_EQ(open_with(0, NODES + 1, 0, 0), -SM_EBADHEADER);

	/* What live rings show: any mode full; a spmc consumer past a head
	 * its producer has not moved yet; a mpsc producer a lap past a tail
	 * its consumer has not moved yet; positions just under the limit. */
	for (unsigned flags = 0; flags <= (SP | SC); flags++) {
		CHECK_EQ(open_with(flags, NODES, 0, 0), 0);
		CHECK_EQ(open_with(flags, 40, 40, SM_OPEN_READONLY), 0);
		CHECK_EQ(open_with(flags, BIG - 1, BIG - 1, 0), 0);
	}
	CHECK_EQ(open_with(SP, 3, 3 + NODES, 0), 0);
	CHECK_EQ(open_with(SC, 2 * NODES, 0, 0), 0);
	return T_EXIT_PASS;
}
