/* test-ring-fork-slots.c — a zero-copy slot belongs to the process that
 * took it: its node names that process as holder, and waiters judge the
 * node by that process's life.  A child of fork() that inherited the
 * handle (and the slot struct) must not commit, abandon or release it:
 * single-role rings already refused (-EINVAL, or ignored); on a mpmc ring
 * the child's release freed the parent's peeked node, which the next
 * writes then overwrote under the parent's slot, and the child's commit
 * published the parent's reservation. */
#include <errno.h>
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 4
#define SIZE  16

static sm_ring *ring;

static int child_releases(void *slot)
{
	sm_ring_release(ring, slot); /* not ours: ignored */
	return 0;
}

static int child_commits(void *slot)
{
	CHECK_EQ(sm_ring_commit(ring, slot, 1), -EINVAL);
	sm_ring_abandon(ring, slot); /* ignored */
	return 0;
}

static void peek_survives(unsigned flags)
{
	CHECK_EQ(sm_ring_create_flags(&ring, t_name("ring-fork-peek"), NODES, SIZE, flags,
				      &t_ring_opts), 0);
	CHECK_EQ(sm_ring_write(ring, "A", 2, 0), 0);
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_peek(ring, &s, 0), 0);
	CHECK_EQ(t_wait(t_fork(child_releases, &s)), 0);
	/* Still held by us: the ring takes NODES - 1 more, not NODES. */
	for (int i = 0; i < NODES - 1; i++)
		CHECK_EQ(sm_ring_write(ring, "B", 2, 0), 0);
	CHECK_EQ(sm_ring_write(ring, "C", 2, 0), -ETIMEDOUT);
	CHECK(strcmp(s.data, "A") == 0);
	sm_ring_release(ring, &s);
	CHECK_EQ(sm_ring_write(ring, "C", 2, 0), 0);
	sm_ring_close(ring);
}

static void reservation_survives(unsigned flags)
{
	CHECK_EQ(sm_ring_create_flags(&ring, t_name("ring-fork-reserve"), NODES, SIZE, flags,
				      &t_ring_opts), 0);
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_reserve(ring, &s, 0), 0);
	CHECK_EQ(t_wait(t_fork(child_commits, &s)), 0);
	char buf[SIZE];
	CHECK_EQ(sm_ring_read(ring, buf, sizeof buf, 0), -ETIMEDOUT);
	memcpy(s.data, "P", 2);
	CHECK_EQ(sm_ring_commit(ring, &s, 2), 0);
	CHECK_EQ(sm_ring_read(ring, buf, sizeof buf, 0), 2);
	CHECK(strcmp(buf, "P") == 0);
	sm_ring_close(ring);
}

int main(void)
{
	static const unsigned modes[] = { 0, SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER };
	for (unsigned i = 0; i < 2; i++) {
		peek_survives(modes[i]);
		reservation_survives(modes[i]);
	}
	return T_EXIT_PASS;
}
