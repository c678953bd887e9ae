/* test-ring-corrupt.c — a ring whose node headers were overwritten (as by
 * a hostile or broken process) must not block its readers: a node whose
 * stored length exceeds node_size, or whose state is one the ring never
 * writes, is passed over and counted `corrupt`; every valid message is
 * still read, in order, and no read goes past a node's bytes.  Also a
 * length changed while a consumer claims the node (the test hook stands
 * in for the other process) is caught at the point of use; a holder's
 * process slot with an impossible pid does not keep its node forever.
 * The same for a spsc ring, whose head and tail are also damaged. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 8
#define SIZE  64

static sm_ring *the_ring;
static uint32_t hook_len; /* length written into the claimed node by the hook */

static void write_n(sm_ring *r, int from, int n)
{
	for (int i = from; i < from + n; i++) {
		char m[SIZE];
		memset(m, 'a' + i % 26, sizeof m);
		CHECK_EQ(sm_ring_write(r, m, (size_t)(i % SIZE) + 1, 0), 0);
	}
}

static void expect_msg(int i, const char *buf, ssize_t len)
{
	CHECK_EQ(len, (ssize_t)(i % SIZE) + 1);
	for (ssize_t k = 0; k < len; k++)
		CHECK_EQ(buf[k], 'a' + i % 26);
}

static uint64_t corrupt_count(sm_ring *r)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	return s.corrupt;
}

static void set_len(sm_ring *r, uint64_t pos, uint32_t len)
{
	smi_ring_node(r, pos)->len = len;
}

/* Messages 0..3; node 1 gets a length > node_size, node 2 a length that
 * is valid but bigger than the reader's buffer (a real -SM_ETOOSMALL). */
static void oversized_copy(sm_ring *r)
{
	char buf[SIZE];
	struct sm_ring_snapshot s0;
	CHECK_EQ(sm_ring_snapshot(r, &s0, NULL, 0), 0);
	uint64_t p = s0.write_reserved;
	write_n(r, 0, 4);
	set_len(r, p + 1, SIZE + 1);
	set_len(r, p + 3, 0xffffffffu);
	expect_msg(0, buf, sm_ring_read(r, buf, sizeof buf, 0));
	/* The corrupt node is passed even with a small buffer; message 2
	 * (3 bytes) is then a real -SM_ETOOSMALL for a 2-byte buffer. */
	CHECK_EQ(sm_ring_read(r, buf, 2, 0), -SM_ETOOSMALL);
	CHECK_EQ(sm_ring_read(r, buf, 2, 0), -SM_ETOOSMALL);
	CHECK_EQ(corrupt_count(r), 1);
	expect_msg(2, buf, sm_ring_read(r, buf, sizeof buf, 0));
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -ETIMEDOUT); /* node 3 passed */
	CHECK_EQ(corrupt_count(r), 2);
}

static void oversized_peek_and_burst(sm_ring *r)
{
	struct sm_ring_snapshot s0;
	CHECK_EQ(sm_ring_snapshot(r, &s0, NULL, 0), 0);
	uint64_t p = s0.write_reserved, c0 = s0.corrupt;
	write_n(r, 10, 3);
	set_len(r, p, 1u << 20);
	struct sm_ring_slot slot;
	CHECK_EQ(sm_ring_peek(r, &slot, 0), 0);
	CHECK(slot.length <= SIZE);
	expect_msg(11, slot.data, (ssize_t)slot.length);
	sm_ring_release(r, &slot);
	char buf[SIZE];
	expect_msg(12, buf, sm_ring_read(r, buf, sizeof buf, 0));
	CHECK_EQ(corrupt_count(r), c0 + 1);

	/* A burst: the corrupt node in the middle is passed, the rest read. */
	p += 3;
	write_n(r, 20, 5);
	set_len(r, p + 2, SIZE + 7);
	char out[5][SIZE];
	uint32_t lens[5];
	int got = 0, calls = 0;
	int want[] = { 20, 21, 23, 24 };
	while (got < 4 && calls++ < 10) {
		int k = sm_ring_read_burst(r, out[got], SIZE, lens + got, (unsigned)(5 - got), 0);
		CHECK(k > 0);
		if (k <= 0)
			break;
		got += k;
	}
	CHECK_EQ(got, 4);
	for (int i = 0; i < got && i < 4; i++)
		expect_msg(want[i], out[i], lens[i]);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -ETIMEDOUT);
	CHECK_EQ(corrupt_count(r), c0 + 2);
}

/* A state the ring never writes (3) at the reader's position. */
static void bad_state(sm_ring *r)
{
	struct sm_ring_snapshot s0;
	CHECK_EQ(sm_ring_snapshot(r, &s0, NULL, 0), 0);
	uint64_t p = s0.write_reserved, c0 = s0.corrupt;
	write_n(r, 30, 2);
	atomic_store(&smi_ring_node(r, p)->seq, SEQ(p, 3u));
	char buf[SIZE];
	expect_msg(31, buf, sm_ring_read(r, buf, sizeof buf, 0));
	CHECK_EQ(corrupt_count(r), c0 + 1);
	/* The node is free again: the ring still takes NODES messages. */
	write_n(r, 0, NODES);
	for (int i = 0; i < NODES; i++)
		expect_msg(i, buf, sm_ring_read(r, buf, sizeof buf, 0));
}

/* The length changes after the consumer checked it and claimed the node. */
static void grow_on_claim(enum smi_ring_hook_point point, uint64_t pos)
{
	if (point == SMI_HOOK_READ_CLAIMED && hook_len)
		set_len(the_ring, pos, hook_len);
}

static void changed_under_reader(sm_ring *r)
{
	struct sm_ring_snapshot s0;
	CHECK_EQ(sm_ring_snapshot(r, &s0, NULL, 0), 0);
	uint64_t c0 = s0.corrupt;
	char buf[16]; /* smaller than a node */
	the_ring = r;
	smi_ring_test_hook = grow_on_claim;
	write_n(r, 5, 1); /* 6 bytes, grows past node_size */
	hook_len = SIZE + 100;
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -ETIMEDOUT);
	write_n(r, 2, 1); /* 3 bytes, grows to 15 < cap: fine */
	hook_len = 0;
	char big[SIZE];
	expect_msg(2, big, sm_ring_read(r, big, sizeof big, 0));
	write_n(r, 3, 1); /* 4 bytes, grows past the 16-byte buffer */
	hook_len = 17;
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -ETIMEDOUT);
	hook_len = 0;
	smi_ring_test_hook = NULL;
	CHECK_EQ(corrupt_count(r), c0 + 2);
	/* messages_read does not count corrupt nodes. */
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.messages_read + s.corrupt, s.messages_written);
}

/* A node held by a process slot whose pid field was overwritten with a
 * value no process has (negative): its holder counts as dead (kill(-1, 0)
 * would answer for every process), so a producer waiting on that node
 * frees it (counted lost) instead of waiting forever. */
static void bad_holder_pid(sm_ring *r)
{
	char buf[SIZE];
	while (sm_ring_read(r, buf, sizeof buf, 0) >= 0) {
	}
	struct sm_ring_snapshot s0;
	CHECK_EQ(sm_ring_snapshot(r, &s0, NULL, 0), 0);
	uint64_t p = s0.read_claimed;
	write_n(r, 0, NODES); /* full */
	/* A consumer in slot 5 claimed position p and "died". */
	const uint32_t slot = 5;
	uint32_t gen = atomic_load(&r->procs[slot].gen);
	atomic_store(&r->procs[slot].pid, -1);
	atomic_store(&smi_ring_node(r, p)->claimer, CLAIM_MAKE(CLAIM_R, gen, slot));
	atomic_store(&r->ctl->tail, p + 1);
	CHECK_EQ(sm_ring_write(r, "x", 1, 5000), 0);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.lost, s0.lost + 1);
	for (int i = 1; i < NODES; i++)
		expect_msg(i, buf, sm_ring_read(r, buf, sizeof buf, 0));
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), 1);
	atomic_store(&r->procs[slot].pid, 0);
}

/* A spsc ring's indices overwritten: a head more than a lap ahead of tail
 * reads as empty, a tail ahead of head as full; neither makes a read go
 * past the nodes, a call that would wait on them gives up with
 * -SM_EBADHEADER at once (test-ring-damaged-positions has the other modes),
 * and the ring works again once they are put back. */
static void damaged_indices(sm_ring *r)
{
	char buf[SIZE];
	uint64_t head = atomic_load(&r->ctl->head), tail = atomic_load(&r->ctl->tail);
	CHECK_EQ(head, tail); /* drained */
	atomic_store(&r->ctl->head, tail + 10 * NODES);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -SM_EBADHEADER);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, -1), -SM_EBADHEADER);
	atomic_store(&r->ctl->head, head);
	/* The producer re-reads tail when its last view of it runs out: by
	 * then at most a lap of writes went in. */
	atomic_store(&r->ctl->tail, head + 10 * NODES);
	int written = 0, e;
	while ((e = sm_ring_write(r, "x", 1, 0)) == 0 && written <= NODES)
		written++;
	CHECK_EQ(e, -SM_EBADHEADER);
	CHECK(written <= NODES);
	CHECK_EQ(sm_ring_write(r, "x", 1, -1), -SM_EBADHEADER);
	atomic_store(&r->ctl->tail, tail);
	for (int i = 0; i < written; i++)
		CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), 1);
	write_n(r, 0, NODES);
	for (int i = 0; i < NODES; i++)
		expect_msg(i, buf, sm_ring_read(r, buf, sizeof buf, 0));
}

int main(void)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, t_name("ring-corrupt"), NODES, SIZE, &t_ring_opts), 0);
	oversized_copy(r);
	oversized_peek_and_burst(r);
	bad_state(r);
	changed_under_reader(r);
	bad_holder_pid(r);
	sm_ring_close(r);

	/* A spsc ring finds messages by head: the same damage, and its own. */
	CHECK_EQ(sm_ring_create_flags(&r, t_name("ring-corrupt-spsc"), NODES, SIZE,
				      SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, &t_ring_opts), 0);
	oversized_copy(r);
	oversized_peek_and_burst(r);
	bad_state(r);
	changed_under_reader(r);
	damaged_indices(r);
	sm_ring_close(r);
	return T_EXIT_PASS;
}
