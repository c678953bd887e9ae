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

int seeds_kinds(void)
{
	int r = buffer_seeds();
	if (r == 0)
		r = array_seeds();
	return r;
}
