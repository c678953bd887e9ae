/* fuzz_kinds.c — see fuzz_kinds.h. */
#include "fuzz_kinds.h"

#include <errno.h>
#include <string.h>

#include "fuzz_util.h"

/* What a kind's own open must return for this file: the generic
 * validation's error, -SM_EWRONGKIND for another kind, else 0 or
 * -SM_EBADHEADER (its own parameters may be inconsistent). */
static void check_open_result(int r, const char *name, const struct sm_header *h, int valid,
			      uint32_t kind)
{
	if (r == -ENOENT && !fz_exists(name))
		return; /* removed by someone else meanwhile */
	if (valid < 0)
		FZ_ASSERT_EQ(r, valid);
	else if (h->kind != kind)
		FZ_ASSERT_EQ(r, -SM_EWRONGKIND);
	else
		FZ_ASSERT(r == 0 || r == -SM_EBADHEADER);
}

/* [p, p+n) lies inside the segment's payload. */
static void inside_payload(const sm_segment *seg, const void *p, uint64_t n)
{
	const char *lo = sm_segment_payload(seg), *q = p;
	FZ_ASSERT(q >= lo && n <= sm_segment_payload_size(seg) &&
		  (uint64_t)(q - lo) <= sm_segment_payload_size(seg) - n);
}

/* Lock calls on a fuzzed lock word: they must come back (timeout 0), with
 * one of the documented results, and whatever was taken is given back. */
static void poke_lock(sm_rwlock *lock, bool readonly)
{
	struct sm_rwlock_info info;
	FZ_ASSERT_EQ(sm_rwlock_get_info(lock, &info), 0);
	FZ_ASSERT(info.readers <= SM_RWLOCK_MAX_READERS);
	int r = sm_rwlock_write_acquire(lock, 0);
	if (readonly) {
		FZ_ASSERT_EQ(r, -EBADF);
		FZ_ASSERT_EQ(sm_rwlock_read_acquire(lock, 0), -EBADF);
		return;
	}
	FZ_ASSERT(r == 0 || r == SM_LOCK_RECOVERED || r == -ETIMEDOUT);
	if (r >= 0)
		FZ_ASSERT_EQ(sm_rwlock_write_release(lock), 0);
	r = sm_rwlock_read_acquire(lock, 0);
	FZ_ASSERT(r == 0 || r == SM_LOCK_RECOVERED || r == -ETIMEDOUT);
	if (r >= 0)
		FZ_ASSERT_EQ(sm_rwlock_read_release(lock), 0);
}

static void buffer_kind(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_buffer *b = NULL;
	int r = sm_buffer_open(&b, name, flags);
	check_open_result(r, name, h, valid, SM_KIND_BUFFER);
	if (r < 0)
		return;
	uint64_t size = sm_buffer_size(b);
	inside_payload(sm_buffer_segment(b), sm_buffer_data(b), size);
	fz_touch(sm_buffer_data(b), size);
	uint8_t x[8];
	if (size >= sizeof x) {
		FZ_ASSERT_EQ(sm_buffer_read(b, size - sizeof x, x, sizeof x), 0);
		r = sm_buffer_write(b, size - sizeof x, x, sizeof x);
		FZ_ASSERT_EQ(r, flags & SM_OPEN_READONLY ? -EBADF : 0);
	}
	FZ_ASSERT_EQ(sm_buffer_read(b, size, x, 1), -ERANGE);
	poke_lock(sm_buffer_lock(b), flags & SM_OPEN_READONLY);
	sm_buffer_close(b);
}

static void array_kind(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_array *a = NULL;
	int r = sm_array_open(&a, name, 0, flags);
	check_open_result(r, name, h, valid, SM_KIND_ARRAY);
	if (r < 0)
		return;
	uint64_t n = sm_array_length(a);
	size_t es = sm_array_element_size(a);
	FZ_ASSERT(n >= 1 && es >= 1 && n <= UINT64_MAX / es);
	inside_payload(sm_array_segment(a), sm_array_data(a), n * es);
	fz_touch(sm_array_data(a), n * es);
	uint8_t *e = malloc(es);
	FZ_ASSERT(e);
	FZ_ASSERT_EQ(sm_array_get(a, n - 1, e, es), 0);
	FZ_ASSERT_EQ(sm_array_get(a, n, e, es), -ERANGE);
	r = sm_array_set(a, n - 1, e, es);
	FZ_ASSERT_EQ(r, flags & SM_OPEN_READONLY ? -EBADF : 0);
	FZ_ASSERT(sm_array_find(a, e, es) >= 0);
	free(e);
	poke_lock(sm_array_lock(a), flags & SM_OPEN_READONLY);
	sm_array_close(a);
}

void fz_open_kinds(const char *name, const struct sm_header *h, int valid)
{
	for (unsigned flags = 0; flags <= SM_OPEN_READONLY; flags += SM_OPEN_READONLY) {
		buffer_kind(name, h, valid, flags);
		array_kind(name, h, valid, flags);
	}
}

void fz_monitor_kinds(const char *name)
{
	(void)name;
}
