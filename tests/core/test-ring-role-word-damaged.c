/* test-ring-role-word-damaged.c — a single-role ring's role word that no
 * handle could have stored (the anonymous process slot, which may never
 * take a role; the other side's tag) is no holder: the next writer or
 * reader takes the role instead of getting -EBUSY for as long as the ring
 * lives.  A live holder's word still keeps the role. */
#include <errno.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define SPSC (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)

int main(void)
{
	const char *name = t_name("ring-role-word-damaged");
	sm_ring *r, *h;
	CHECK_EQ(sm_ring_create_flags(&r, name, 8, 16, SPSC, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&h, name, 0), 0);
	char buf[16];
	/* The anonymous slot, and a live slot's word with the wrong tag. */
	atomic_store(&r->ctl->producer_role, CLAIM_MAKE(CLAIM_W, 1, SMI_RING_ANON));
	atomic_store(&r->ctl->consumer_role, h->claim_w);
	CHECK_EQ(sm_ring_write(r, "x", 1, 0), 0);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), 1);
	/* r holds both roles now, with words a handle stores: h is refused. */
	CHECK_EQ(sm_ring_write(h, "x", 1, 0), -EBUSY);
	CHECK_EQ(sm_ring_read(h, buf, sizeof buf, 0), -EBUSY);
	sm_ring_close(h);
	sm_ring_close(r);
	return T_EXIT_PASS;
}
