/* test-ring-stale-node.c — a node whose seq word names a position the
 * ring has passed (set back a lap or more, as by a damaged file) must not
 * wedge the ring: no holder will ever move it, so a reader or writer that
 * waits on it would wait out its deadline (forever at -1) while messages
 * pile up behind it.  The waiter puts back the word the ring would have
 * there: a message lost with it counts `corrupt`, every other message is
 * read, in order.  mpmc, spmc and mpsc (spsc finds nodes by its indices
 * and passes a damaged one already, see ring-corrupt). */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 8
#define SIZE  16
#define WAIT  2000 /* ms: the deadline a wedged call would run out */

static void put(sm_ring *r, uint32_t v)
{
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, WAIT), 0);
}

static void get(sm_ring *r, uint32_t want)
{
	uint32_t v = 0;
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, WAIT), (ssize_t)sizeof v);
	CHECK_EQ(v, want);
}

static void set_seq(sm_ring *r, uint64_t pos, uint64_t seq)
{
	atomic_store(&smi_ring_node(r, pos)->seq, seq);
}

static void check_mode(unsigned flags)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_create_flags(&r, t_name("ring-stale-node"), NODES, SIZE, flags,
				      &t_ring_opts), 0);
	uint32_t v;
	for (v = 0; v < 2 * NODES; v++) { /* two laps */
		put(r, v);
		get(r, v);
	}
	uint64_t p = 2 * NODES;

	/* A published message set back to the last lap's: the reader passes
	 * it (lost, corrupt) and reads the next. */
	put(r, 100);
	put(r, 101);
	put(r, 102);
	set_seq(r, p + 1, SEQ(p + 1 - NODES, SEQ_READY));
	get(r, 100);
	get(r, 102);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.corrupt, 1);
	p += 3;

	/* The free node ahead of an empty ring set back a lap, still free:
	 * writers and readers go on. */
	set_seq(r, p, SEQ(p - NODES, SEQ_FREE));
	uint32_t x;
	CHECK_EQ(sm_ring_read(r, &x, sizeof x, 0), -ETIMEDOUT);
	put(r, 103);
	get(r, 103);
	p++;

	/* Set back two laps: the writer takes the node. */
	set_seq(r, p, SEQ(p - 2 * NODES, SEQ_READY));
	put(r, 104);
	get(r, 104);
	p++;

	/* A full lap still goes through every node. */
	for (v = 0; v < NODES; v++)
		put(r, 200 + v);
	for (v = 0; v < NODES; v++)
		get(r, 200 + v);
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.corrupt, 1);
	sm_ring_close(r);
}

int main(void)
{
	for_node_modes(check_mode);
	return T_EXIT_PASS;
}
