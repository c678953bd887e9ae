/* test-ring-shutdown-dead-producer.c — a producer SIGKILLed after it
 * published a message but before it moved head (single-producer rings
 * move head after the node), then the owner shuts the ring down: the
 * reader drains that message too, as ring.h promises ("readers drain what
 * is left"), in every mode.  A spsc consumer finds messages by head, which
 * nobody moves any more (writers are refused once the ring is shut down,
 * so no producer takes the role over): it returned -SM_ESHUTDOWN with the
 * committed message still in the ring. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"
#include "ring-victim.h"

#define NODES 8
#define SIZE  32
#define BEFORE 2 /* messages the victim finishes before it stops */

/* Writes through the parent's handle (a child registers on first use). */
static int victim_producer(void *ring)
{
	smi_ring_test_hook = victim_stop_here;
	for (uint32_t i = 0;; i++)
		CHECK_EQ(sm_ring_write(ring, &i, sizeof i, 5000), 0);
}

static void drains(unsigned flags, int pipe_rd)
{
	sm_ring *owner, *reader;
	const char *name = t_name("ring-shut-dead");
	CHECK_EQ(sm_ring_create_flags(&owner, name, NODES, SIZE, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&reader, name, 0), 0);
	victim_arm(SMI_HOOK_WRITE_PUBLISHED, BEFORE);
	victim_kill_when_stopped(t_fork(victim_producer, owner), pipe_rd);
	sm_ring_close(owner); /* shut down: nobody takes the producer role now */
	for (uint32_t i = 0; i <= BEFORE; i++) {
		uint32_t v = 0;
		CHECK_EQ(sm_ring_read(reader, &v, sizeof v, 1000), sizeof v);
		CHECK_EQ(v, i);
	}
	uint32_t v;
	CHECK_EQ(sm_ring_read(reader, &v, sizeof v, 1000), -SM_ESHUTDOWN);
	sm_ring_close(reader);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	victim_fd = p[1];
	drains(SM_RING_SINGLE_PRODUCER, p[0]);
	drains(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, p[0]);
	return T_EXIT_PASS;
}
