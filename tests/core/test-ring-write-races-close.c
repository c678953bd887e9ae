/* test-ring-write-races-close.c — a plain write (sm_ring_write or
 * sm_ring_write_burst) that the owner's close overtakes.  ring.h: once
 * the owner closes, writers get -SM_ESHUTDOWN and readers drain what is
 * left, then get -SM_ESHUTDOWN.  So whatever a write reports must match
 * what readers get: a message whose write returned success is read, one
 * whose write failed never is.  The test stops the write at each of its
 * steps (the ring's test hooks), closes the ring there and lets a reader
 * look at once; then the write goes on, and the reader drains.
 * A write past its check of the flag used to succeed whatever happened
 * next: a reader that looked before the write showed its node (a single
 * producer shows it only as it moves head, after publishing) had already
 * ended with -SM_ESHUTDOWN, and the message was lost with the writer told
 * it was delivered; in every mode, a close between the check and the
 * claim did the same. */
#include <errno.h>
#include <stdbool.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define MAGIC 4242u
#define BURST 2u

static sm_ring *racing_owner, *racing_reader;
static enum smi_ring_hook_point close_at;
static unsigned hits_to_pass; /* of close_at, before the close */
static unsigned read_in_hook; /* messages the reader got inside the hook */
static bool ended_in_hook;    /* ... or it got -SM_ESHUTDOWN: the ring was drained */

/* At the chosen step of the write: the owner closes, a reader looks. */
static void close_and_look(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point != close_at || !racing_owner || hits_to_pass-- > 0)
		return;
	sm_ring_close(racing_owner);
	racing_owner = NULL;
	for (;;) { /* what is published, then one look past it */
		uint32_t v;
		ssize_t got = sm_ring_read(racing_reader, &v, sizeof v, 0);
		CHECK(got == (ssize_t)sizeof v || got == -ETIMEDOUT || got == -SM_ESHUTDOWN);
		ended_in_hook = got == -SM_ESHUTDOWN;
		if (got != (ssize_t)sizeof v)
			return;
		CHECK_EQ(v, MAGIC);
		read_in_hook++;
	}
}

/* What is left to read, until the reader's -SM_ESHUTDOWN (never a wait
 * that times out: a node it waits for must be published or given up). */
static unsigned drain(void)
{
	unsigned n = 0;
	for (;;) {
		uint32_t v;
		ssize_t got = sm_ring_read(racing_reader, &v, sizeof v, 2000);
		if (got == -SM_ESHUTDOWN)
			return n;
		CHECK_EQ(got, sizeof v);
		CHECK_EQ(v, MAGIC);
		n++;
	}
}

/* One write stopped at `point` (its hit number `hit`, from 0); false if
 * the write never got there. */
static bool write_races_close(unsigned flags, enum smi_ring_hook_point point, unsigned hit,
			      bool burst)
{
	sm_ring *producer;
	sync_ring_three(t_name("ring-write-race"), flags, &racing_owner, &producer, &racing_reader);
	close_at = point;
	hits_to_pass = hit;
	read_in_hook = 0;
	ended_in_hook = false;
	smi_ring_test_hook = close_and_look;
	uint32_t msgs[BURST] = { MAGIC, MAGIC };
	int w = burst ? sm_ring_write_burst(producer, msgs, sizeof msgs[0], BURST, 1000)
		      : sm_ring_write(producer, msgs, sizeof msgs[0], 1000);
	smi_ring_test_hook = NULL;
	bool reached = racing_owner == NULL;
	if (!reached)
		sm_ring_close(racing_owner);
	unsigned drained = drain(), read = read_in_hook + drained;
	printf("%s, %s stopped at step %d (%u): %s, %u read%s\n", sm_ring_mode_name(flags),
	       burst ? "burst" : "write", (int)point, hit, w < 0 ? sm_strerror(w) : "success", read,
	       ended_in_hook ? " (the reader had ended)" : "");
	fflush(stdout);
	if (reached)
		CHECK(w == -SM_ESHUTDOWN || w >= 0);
	/* A reader's -SM_ESHUTDOWN said the ring was drained: nothing after. */
	if (ended_in_hook)
		CHECK_EQ(drained, 0);
	unsigned written = w < 0 ? 0 : burst ? (unsigned)w : 1;
	CHECK_EQ(read, written);
	sm_ring_close(racing_reader);
	sm_ring_close(producer);
	return reached;
}

static void every_step(unsigned flags)
{
	for (int burst = 0; burst < 2; burst++) {
		CHECK(write_races_close(flags, SMI_HOOK_WRITE_CHECKED, 0, burst));
		CHECK(write_races_close(flags, SMI_HOOK_WRITE_CLAIMED, 0, burst));
		CHECK(write_races_close(flags, SMI_HOOK_WRITE_FILLED, 0, burst));
		CHECK(write_races_close(flags, SMI_HOOK_WRITE_PUBLISHED, 0, burst) ==
		      !!(flags & SM_RING_SINGLE_PRODUCER));
	}
	/* Between two messages of a burst: the first may be read, the
	 * second is still on its way. */
	CHECK(write_races_close(flags, SMI_HOOK_WRITE_FILLED, 1, true));
}

int main(void)
{
	every_step(0);
	every_step(SM_RING_SINGLE_PRODUCER);
	every_step(SM_RING_SINGLE_CONSUMER);
	every_step(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	return T_EXIT_PASS;
}
