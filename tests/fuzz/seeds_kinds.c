/* seeds_kinds.c — seed segments made by each kind's own create call. */
#include <string.h>

#include "seeds.h"

static int buffer_seeds(void)
{
	sm_buffer *b;
	int r = sm_buffer_create(&b, "seed-buffer", 200, NULL);
	if (r < 0)
		return r;
	memcpy(sm_buffer_data(b), "some buffer bytes", 17);
	r = seed_save("seed-buffer", "buffer");
	if (r == 0 && sm_rwlock_write_acquire(sm_buffer_lock(b), 0) == 0) {
		r = seed_save("seed-buffer", "buffer-write-locked");
		sm_rwlock_write_release(sm_buffer_lock(b));
	}
	if (r == 0 && sm_rwlock_read_acquire(sm_buffer_lock(b), 0) == 0) {
		r = seed_save("seed-buffer", "buffer-read-locked");
		sm_rwlock_read_release(sm_buffer_lock(b));
	}
	sm_buffer_close(b);
	return r;
}

static int array_seeds(void)
{
	sm_array *a;
	int r = sm_array_create(&a, "seed-array", sizeof(uint32_t), 12, NULL);
	if (r < 0)
		return r;
	for (uint32_t i = 0; i < 12; i++)
		sm_array_set(a, i, &i, sizeof i);
	r = seed_save("seed-array", "array");
	sm_array_close(a);
	return r;
}

/* Rings in the states a monitor meets: messages waiting, a node being
 * written, a node being read (held by make-seeds, dead by fuzzing time). */
static int ring_seeds(void)
{
	sm_ring *ring;
	int r = sm_ring_create(&ring, "seed-ring", 4, 32, NULL);
	if (r < 0)
		return r;
	r = seed_save("seed-ring", "ring-empty");
	for (int i = 0; r == 0 && i < 3; i++)
		r = sm_ring_write(ring, "a message of some bytes", 23, 0);
	if (r == 0)
		r = seed_save("seed-ring", "ring-messages");
	struct sm_ring_slot w, rd;
	if (r == 0 && (r = sm_ring_peek(ring, &rd, 0)) == 0 && (r = sm_ring_reserve(ring, &w, 0)) == 0) {
		r = seed_save("seed-ring", "ring-held");
		sm_ring_abandon(ring, &w);
		sm_ring_release(ring, &rd);
	}
	sm_ring_close(ring);
	return r;
}

static int rpc_seeds(void)
{
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.node_count = 2;
	opts.packet_size = 64;
	sm_rpc *rpc;
	int r = sm_rpc_create(&rpc, "seed-rpc", &opts);
	if (r < 0)
		return r;
	r = seed_save("seed-rpc", "rpc-channel");
	sm_rpc_close(rpc);
	return r;
}

int seeds_kinds(void)
{
	int r = buffer_seeds();
	if (r == 0)
		r = array_seeds();
	if (r == 0)
		r = ring_seeds();
	if (r == 0)
		r = rpc_seeds();
	if (r == 0)
		r = seeds_packets();
	return r;
}
