/* test-ring-occupancy.c — the snapshot's occupancy counts every node in
 * use: reserved (write_reserved) minus released (read_released), so a node
 * still being written and a node still being read both count, not only the
 * committed-and-unclaimed ones. */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

static uint32_t occupancy(sm_ring *r)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.occupancy, s.write_reserved - s.read_released);
	return s.occupancy;
}

int main(void)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, t_name("ring-occ"), 8, 16, &t_ring_opts), 0);
	CHECK_EQ(occupancy(r), 0);
	int v = 7;
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), 0);
	CHECK_EQ(occupancy(r), 3);

	struct sm_ring_slot w, rd;
	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0); /* being written */
	CHECK_EQ(occupancy(r), 4);
	CHECK_EQ(sm_ring_peek(r, &rd, 0), 0); /* being read: still in use */
	CHECK_EQ(occupancy(r), 4);
	sm_ring_release(r, &rd);
	CHECK_EQ(occupancy(r), 3);
	memcpy(w.data, &v, sizeof v);
	CHECK_EQ(sm_ring_commit(r, &w, sizeof v), 0);
	CHECK_EQ(occupancy(r), 3);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sm_ring_read(r, &v, sizeof v, 0), (ssize_t)sizeof v);
	CHECK_EQ(occupancy(r), 0);
	sm_ring_close(r);
	return T_EXIT_PASS;
}
