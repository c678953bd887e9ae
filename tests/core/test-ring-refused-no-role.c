/* test-ring-refused-no-role.c — a call refused for its arguments (a
 * message over node_size, a burst of 0, NULL buffers, a stride under
 * node_size) writes nothing, reads nothing and takes no single-producer
 * or single-consumer role: another handle can still write and read. */
#include <errno.h>
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define SPSC (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)
#define NODES 8
#define SIZE  16

/* The owner's handle still holds neither role: it writes and reads. */
static void roles_free(sm_ring *r)
{
	char buf[SIZE];
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -ETIMEDOUT); /* nothing was written */
	CHECK_EQ(sm_ring_write(r, "ok", 2, 0), 0);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), 2);
}

int main(void)
{
	const char *name = t_name("ring-refused-no-role");
	sm_ring *r, *h;
	CHECK_EQ(sm_ring_create_flags(&r, name, NODES, SIZE, SPSC, &t_ring_opts), 0);
	char big[4 * (SIZE + 1)] = { 0 };
	uint32_t lens[4];

	/* Each refused call on a fresh handle; the owner's handle must not
	 * see the role taken (-EBUSY). */
	CHECK_EQ(sm_ring_open(&h, name, 0), 0);
	CHECK_EQ(sm_ring_write(h, big, SIZE + 1, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_write(h, NULL, 1, 0), -EINVAL);
	CHECK_EQ(sm_ring_write_burst(h, big, SIZE + 1, 4, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_write_burst(h, big, SIZE, 0, 0), -EINVAL);
	CHECK_EQ(sm_ring_write_burst(h, NULL, SIZE, 2, 0), -EINVAL);
	CHECK_EQ(sm_ring_read(h, NULL, SIZE, 0), -EINVAL);
	CHECK_EQ(sm_ring_read_burst(h, big, SIZE, lens, 0, 0), -EINVAL);
	CHECK_EQ(sm_ring_read_burst(h, big, SIZE - 1, lens, 4, 0), -EINVAL);
	CHECK_EQ(sm_ring_read_burst(h, big, SIZE, NULL, 4, 0), -EINVAL);
	CHECK_EQ(sm_ring_read_burst(h, NULL, SIZE, lens, 4, 0), -EINVAL);
	roles_free(r);

	/* The owner now holds both roles: the other handle's refused calls
	 * still answer for their arguments, not -EBUSY. */
	CHECK_EQ(sm_ring_write(h, big, SIZE + 1, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_read_burst(h, big, SIZE - 1, lens, 4, 0), -EINVAL);
	sm_ring_close(h);
	sm_ring_close(r);
	return T_EXIT_PASS;
}
