/* test-ring-single.c — single-producer / single-consumer rings:
 *   - the role is exclusive across handles and processes (-EBUSY), and
 *     passes to the next handle when its holder closes or dies;
 *   - the role's handle has one zero-copy slot out at a time;
 *   - a holder SIGKILLed at each step of a write or read (copied but not
 *     committed, committed but head not moved, peeked, freed but tail not
 *     moved; spsc, and spmc / mpsc where the other side is shared) leaves
 *     the ring exact: the next holder loses nothing, gets no message twice
 *     except the one the dead consumer never released, and never delivers
 *     a message that was not committed. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"
#include "ring-victim.h"

#define SPSC (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)
#define NODES 8
#define SIZE  32
#define BEFORE 2 /* messages the victim finishes before it stops */

static const char *ring_name;

static void put(sm_ring *r, uint32_t value)
{
	uint8_t msg[SIZE] = { 0 };
	memcpy(msg, &value, sizeof value);
	CHECK_EQ(sm_ring_write(r, msg, SIZE, 5000), 0);
}

static uint32_t get(sm_ring *r)
{
	uint8_t msg[SIZE];
	CHECK_EQ(sm_ring_read(r, msg, sizeof msg, 5000), SIZE);
	uint32_t value;
	memcpy(&value, msg, sizeof value);
	return value;
}

/* ---- Roles ---- */

static int other_process(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	uint8_t msg[SIZE] = { 0 };
	CHECK_EQ(sm_ring_write(r, msg, SIZE, 0), -EBUSY); /* the parent produces */
	CHECK_EQ(get(r), 7u);                             /* the consumer role is free */
	return 0; /* exits without closing: the role's holder is dead */
}

static void roles(void)
{
	sm_ring *r, *h2;
	ring_name = t_name("ring-single-roles");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE, 4, &t_ring_opts), -EINVAL);
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE, SPSC, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_flags(r), SPSC);
	CHECK(strcmp(sm_ring_mode_name(sm_ring_flags(r)), "spsc") == 0);
	put(r, 7);
	CHECK_EQ(t_wait(t_fork(other_process, NULL)), 0);
	/* The child died holding the consumer role: it passes to us. */
	uint8_t msg[SIZE];
	CHECK_EQ(sm_ring_read(r, msg, sizeof msg, 0), -ETIMEDOUT);
	/* A second handle in this process is another holder. */
	CHECK_EQ(sm_ring_open(&h2, ring_name, 0), 0);
	CHECK_EQ(sm_ring_flags(h2), SPSC);
	CHECK_EQ(sm_ring_write(h2, msg, SIZE, 0), -EBUSY);
	CHECK_EQ(sm_ring_read(h2, msg, sizeof msg, 0), -EBUSY);
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_reserve(h2, &s, 0), -EBUSY);
	CHECK_EQ(sm_ring_peek(h2, &s, 0), -EBUSY);

	/* One zero-copy slot out at a time, per side. */
	struct sm_ring_slot w, rd;
	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
	CHECK_EQ(sm_ring_reserve(r, &s, 0), -EBUSY);
	CHECK_EQ(sm_ring_write(r, msg, SIZE, 0), -EBUSY);
	CHECK_EQ(sm_ring_write_burst(r, msg, SIZE, 1, 0), -EBUSY);
	memset(w.data, 0, SIZE);
	CHECK_EQ(sm_ring_commit(r, &w, SIZE + 1), -EMSGSIZE); /* still reserved */
	CHECK_EQ(sm_ring_commit(r, &w, SIZE), 0);
	CHECK_EQ(sm_ring_commit(r, &w, SIZE), -EINVAL); /* already committed */
	put(r, 9);
	CHECK_EQ(sm_ring_peek(r, &rd, 0), 0);
	CHECK_EQ(rd.length, SIZE);
	CHECK_EQ(sm_ring_peek(r, &s, 0), -EBUSY);
	CHECK_EQ(sm_ring_read(r, msg, sizeof msg, 0), -EBUSY);
	sm_ring_release(r, &rd);
	CHECK_EQ(get(r), 9u);
	/* An abandoned reservation publishes nothing. */
	CHECK_EQ(sm_ring_reserve(r, &w, 0), 0);
	sm_ring_abandon(r, &w);
	put(r, 11);
	CHECK_EQ(get(r), 11u);
	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(r, &snap, NULL, 0), 0);
	CHECK_EQ(snap.abandoned, 1);
	CHECK_EQ(snap.messages_written, 4);
	CHECK_EQ(snap.messages_read, 4);
	CHECK_EQ(snap.occupancy, 0);

	/* Closing the holder hands the roles on. */
	sm_ring *h3;
	CHECK_EQ(sm_ring_open(&h3, ring_name, 0), 0);
	put(r, 13);
	CHECK_EQ(sm_ring_write(h3, msg, SIZE, 0), -EBUSY);
	sm_ring_close(h2);
	CHECK_EQ(sm_ring_read(h3, msg, sizeof msg, 0), -EBUSY); /* r still consumes */
	sm_ring_close(h3);
	CHECK_EQ(get(r), 13u);
	sm_ring_close(r);
}

/* ---- A holder killed at each step ---- */

static int victim_producer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	for (uint32_t i = 0;; i++)
		put(r, i);
	return 4; /* never reached */
}

static int victim_consumer(void *arg)
{
	bool zero_copy = arg != NULL;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	for (uint32_t i = 0;; i++) {
		if (zero_copy) {
			struct sm_ring_slot s;
			CHECK_EQ(sm_ring_peek(r, &s, 5000), 0);
			sm_ring_release(r, &s);
		} else {
			CHECK_EQ(get(r), i);
		}
	}
	return 4; /* never reached */
}

/* The producer dies at `where` in its third write: the parent takes the
 * role over and the stream goes on from what was committed. */
static void producer_dies(enum smi_ring_hook_point where, unsigned flags, int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-single-w");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE, flags, &t_ring_opts), 0);
	victim_arm(where, BEFORE);
	victim_kill_when_stopped(t_fork(victim_producer, NULL), pipe_rd);
	bool third_committed = where == SMI_HOOK_WRITE_PUBLISHED;
	uint32_t committed = BEFORE + third_committed;
	put(r, 100); /* takes the role over */
	for (uint32_t i = 0; i < committed; i++)
		CHECK_EQ(get(r), i);
	CHECK_EQ(get(r), 100u); /* the uncommitted third message never shows */
	for (uint32_t i = 0; i < 3 * NODES; i++) { /* laps over the dead one's nodes */
		put(r, 200 + i);
		CHECK_EQ(get(r), 200 + i);
	}
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.abandoned, 0);
	CHECK_EQ(s.lost, 0);
	sm_ring_close(r);
}

/* The consumer dies at `where` while reading the third message. */
static void consumer_dies(enum smi_ring_hook_point where, bool zero_copy, unsigned flags,
			  int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-single-r");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE, flags, &t_ring_opts), 0);
	for (uint32_t i = 0; i < NODES; i++)
		put(r, i);
	victim_arm(where, BEFORE);
	victim_kill_when_stopped(t_fork(victim_consumer, (void *)(uintptr_t)zero_copy), pipe_rd);
	/* Freed but tail not moved: message 2 is gone for good (the dead
	 * consumer had it).  Otherwise it is delivered again; a spsc
	 * consumer frees by moving tail, so there it always is. */
	uint32_t next = where == SMI_HOOK_READ_FREED && flags != SPSC ? BEFORE + 1 : BEFORE;
	for (uint32_t i = next; i < NODES; i++)
		CHECK_EQ(get(r), i);
	put(r, 42); /* the producer was never stuck */
	CHECK_EQ(get(r), 42u);
	uint8_t msg[SIZE];
	CHECK_EQ(sm_ring_read(r, msg, sizeof msg, 0), -ETIMEDOUT);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.occupancy, 0);
	CHECK_EQ(s.lost, 0);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	victim_fd = p[1];
	roles();
	producer_dies(SMI_HOOK_WRITE_FILLED, SPSC, p[0]);
	producer_dies(SMI_HOOK_WRITE_PUBLISHED, SPSC, p[0]);
	producer_dies(SMI_HOOK_WRITE_PUBLISHED, SM_RING_SINGLE_PRODUCER, p[0]);
	consumer_dies(SMI_HOOK_READ_COPIED, false, SPSC, p[0]);
	consumer_dies(SMI_HOOK_READ_CLAIMED, true, SPSC, p[0]);
	consumer_dies(SMI_HOOK_READ_FREED, false, SPSC, p[0]);
	consumer_dies(SMI_HOOK_READ_FREED, false, SM_RING_SINGLE_CONSUMER, p[0]);
	return T_EXIT_PASS;
}
