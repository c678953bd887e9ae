/* test-size-limits.c — the size promises of segment.h, buffer.h, array.h
 * and ring.h at their edges: zero sizes are -EINVAL, one is enough, the
 * last byte, element or node is inside and the next is -ERANGE or
 * -EMSGSIZE, and sizes whose product or sum overflows 64 bits (or passes
 * 1 TiB) are -EFBIG, not a small segment that wrapped around. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

#define TIB (UINT64_C(1) << 40)

static void segment_sizes(const char *name)
{
	sm_segment *seg;
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, TIB + 1, NULL, 0, NULL), -EFBIG);
	/* payload + header would wrap to a few bytes */
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, UINT64_MAX - SM_HEADER_SIZE + 1,
				   NULL, 0, NULL), -EFBIG);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -ENOENT);
	/* Modes: the owner must be able to read and write what it maps. */
	CHECK(sm_mode_valid(0));
	CHECK(sm_mode_valid(0600));
	CHECK(sm_mode_valid(0644));
	CHECK(sm_mode_valid(0777));
	CHECK(!sm_mode_valid(0400));
	CHECK(!sm_mode_valid(0200));
	CHECK(!sm_mode_valid(0066));
	CHECK(!sm_mode_valid(01600)); /* beyond 0777 */
	CHECK(strcmp(sm_kind_name(SM_KIND_MAX_ + 1), "unknown") == 0);
	CHECK(strcmp(sm_kind_name(UINT32_MAX), "unknown") == 0);
	CHECK_EQ(sm_kind_from_name("rings"), SM_KIND_NONE);
}

static void buffer_sizes(const char *name)
{
	sm_buffer *b;
	char d[2] = { 0 };
	CHECK_EQ(sm_buffer_create(&b, name, UINT64_MAX, NULL), -EFBIG);
	CHECK_EQ(sm_buffer_create(&b, name, TIB + 1, NULL), -EFBIG);
	CHECK_EQ(sm_buffer_create(&b, name, 1, NULL), 0);
	CHECK_EQ(sm_buffer_size(b), 1);
	CHECK_EQ(sm_buffer_write(b, 0, "x", 1), 0);
	CHECK_EQ(sm_buffer_read(b, 0, d, 2), -ERANGE);
	CHECK_EQ(sm_buffer_read(b, 1, d, 1), -ERANGE);
	CHECK_EQ(sm_buffer_write_locked(b, 1, d, 1, 0), -ERANGE);
	CHECK_EQ(sm_buffer_read_locked(b, 0, d, 1, 0), 0);
	CHECK_EQ(d[0], 'x');
	sm_buffer_close(b);
}

static void array_sizes(const char *name)
{
	sm_array *a;
	uint8_t one = 7, got = 0;
	/* element_size * length wraps to 0, to 2 and to 8 GiB */
	CHECK_EQ(sm_array_create(&a, name, (size_t)1 << 32, UINT64_C(1) << 32, NULL), -EFBIG);
	CHECK_EQ(sm_array_create(&a, name, 3, UINT64_C(0x5555555555555556), NULL), -EFBIG);
	CHECK_EQ(sm_array_create(&a, name, (size_t)1 << 33, (UINT64_C(1) << 31) + 1, NULL),
		 -EFBIG);
	CHECK_EQ(sm_array_create(&a, name, SIZE_MAX, 1, NULL), -EFBIG);
	CHECK_EQ(sm_array_create(&a, name, 1, TIB + 1, NULL), -EFBIG);
	CHECK_EQ(sm_array_open(&a, name, 0, 0), -ENOENT); /* none was made */

	CHECK_EQ(sm_array_create(&a, name, 1, 1, NULL), 0);
	CHECK_EQ(sm_array_set(a, 0, &one, 1), 0);
	CHECK_EQ(sm_array_get(a, 1, &got, 1), -ERANGE); /* index == length */
	CHECK_EQ(sm_array_read(a, 0, &got, 2), -ERANGE);
	CHECK_EQ(sm_array_read(a, 2, &got, 0), -ERANGE); /* start past the end, even for 0 */
	CHECK_EQ(sm_array_read(a, 1, &got, 0), 0);
	CHECK_EQ(sm_array_read(a, 0, &got, UINT64_MAX), -ERANGE);
	CHECK_EQ(sm_array_find(a, &one, 1), 0);
	CHECK_EQ(sm_array_find(a, &one, 2), -EINVAL);
	CHECK_EQ(sm_array_read(a, 0, &got, 1), 0);
	CHECK_EQ(got, one);
	sm_array_close(a);
}

static void ring_sizes(const char *name)
{
	sm_ring *r;
	char d[4] = "abc";
	uint32_t lens[4];
	CHECK_EQ(sm_ring_create(&r, name, 0, 1, NULL), -EINVAL);
	CHECK_EQ(sm_ring_create(&r, name, 1, 1, NULL), -EINVAL);
	CHECK_EQ(sm_ring_create(&r, name, 2, (1u << 30) + 1, NULL), -EFBIG);
	CHECK_EQ(sm_ring_create(&r, name, (1u << 31) + 1, 1, NULL), -EFBIG);
	CHECK_EQ(sm_ring_create(&r, name, 1u << 21, 1u << 20, NULL), -EFBIG); /* 2 TiB */
	CHECK_EQ(sm_ring_create_flags(&r, name, 2, 1, 0x4, NULL), -EINVAL);
	CHECK(strcmp(sm_ring_mode_name(0x4 | SM_RING_SINGLE_PRODUCER), "spmc") == 0);

	/* The smallest ring: two nodes of one byte. */
	CHECK_EQ(sm_ring_create(&r, name, 2, 1, NULL), 0);
	CHECK_EQ(sm_ring_write(r, d, 2, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_write_burst(r, d, 2, 1, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_write_burst(r, d, 1, 3, 0), 2); /* the first two, not three */
	CHECK_EQ(sm_ring_write(r, d, 1, 0), -ETIMEDOUT);
	CHECK_EQ(sm_ring_read(r, d, 0, 0), -SM_ETOOSMALL); /* it stays */
	CHECK_EQ(sm_ring_read_burst(r, d, 1, lens, 4, 0), 2);
	CHECK_EQ(lens[0], 1);
	CHECK_EQ(lens[1], 1);
	struct sm_ring_slot slot;
	CHECK_EQ(sm_ring_reserve(r, &slot, 0), 0);
	CHECK_EQ(slot.capacity, 1);
	CHECK_EQ(sm_ring_commit(r, &slot, 2), -EMSGSIZE); /* still reserved: */
	CHECK_EQ(sm_ring_commit(r, &slot, 1), 0);
	CHECK_EQ(sm_ring_commit(r, &slot, 1), -EINVAL); /* committed already */
	/* States only up to max_states. */
	uint8_t states[4];
	memset(states, 0xee, sizeof states);
	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(r, &snap, states, 1), 0);
	CHECK_EQ(states[1], 0xee);
	CHECK_EQ(sm_ring_snapshot(r, &snap, states, 4), 0);
	CHECK_EQ(states[0] + states[1], SM_NODE_READY + SM_NODE_FREE);
	CHECK_EQ(states[2], 0xee);
	sm_ring_close(r);
}

int main(void)
{
	segment_sizes(t_name("size-seg"));
	buffer_sizes(t_name("size-buf"));
	array_sizes(t_name("size-arr"));
	ring_sizes(t_name("size-ring"));
	return T_EXIT_PASS;
}
