/* sec_kinds.c — see sec_kinds.h. */
#include "sec_kinds.h"

#include <errno.h>

#define LABEL "security"

/* ---- A plain segment (generic API) ---- */

static int seg_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_segment *seg;
	int r = sm_segment_create(&seg, name, SM_KIND_BUFFER, 4096, NULL, 0, &opts);
	if (r == 0)
		sm_segment_publish(seg);
	*handle = seg;
	return r;
}

static int seg_open(const char *name, unsigned flags, void **handle)
{
	sm_segment *seg;
	int r = sm_segment_open(&seg, name, SM_KIND_NONE, flags);
	*handle = seg;
	return r;
}

static void seg_close(void *handle) { sm_segment_close(handle); }
static sm_segment *seg_segment(void *handle) { return handle; }

/* ---- Buffer ---- */

static int buf_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_buffer *b;
	int r = sm_buffer_create(&b, name, 4096, &opts);
	*handle = b;
	return r;
}

static int buf_open(const char *name, unsigned flags, void **handle)
{
	sm_buffer *b;
	int r = sm_buffer_open(&b, name, flags);
	*handle = b;
	return r;
}

static void buf_close(void *handle) { sm_buffer_close(handle); }
static sm_segment *buf_segment(void *handle) { return sm_buffer_segment(handle); }

/* Every call that writes the mapping must say -EBADF on a read-only handle. */
static int lock_refuses(sm_rwlock *lock)
{
	return sm_rwlock_read_acquire(lock, 0) == -EBADF &&
	       sm_rwlock_write_acquire(lock, 0) == -EBADF &&
	       sm_rwlock_read_release(lock) == -EBADF &&
	       sm_rwlock_write_release(lock) == -EBADF ? 0 : -1;
}

static int buf_refuse_writes(void *handle)
{
	sm_buffer *b = handle;
	char x[8] = { 0 };
	if (sm_buffer_write(b, 0, x, sizeof x) != -EBADF ||
	    sm_buffer_write_locked(b, 0, x, sizeof x, 0) != -EBADF ||
	    sm_buffer_read_locked(b, 0, x, sizeof x, 0) != -EBADF ||
	    sm_buffer_read(b, 0, x, sizeof x) != 0) /* plain reads work */
		return -1;
	return lock_refuses(sm_buffer_lock(b));
}

/* ---- Array ---- */

static int arr_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_array *a;
	int r = sm_array_create(&a, name, sizeof(uint64_t), 64, &opts);
	*handle = a;
	return r;
}

static int arr_open(const char *name, unsigned flags, void **handle)
{
	sm_array *a;
	int r = sm_array_open(&a, name, 0, flags);
	*handle = a;
	return r;
}

static void arr_close(void *handle) { sm_array_close(handle); }
static sm_segment *arr_segment(void *handle) { return sm_array_segment(handle); }

static int arr_refuse_writes(void *handle)
{
	sm_array *a = handle;
	uint64_t v = 1;
	if (sm_array_set(a, 0, &v, sizeof v) != -EBADF || sm_array_write(a, 0, &v, 1) != -EBADF ||
	    sm_array_get(a, 0, &v, sizeof v) != 0)
		return -1;
	return lock_refuses(sm_array_lock(a));
}

const struct sec_kind sec_kinds[] = {
	{ "segment", seg_create, seg_open, seg_close, seg_segment, NULL },
	{ "buffer", buf_create, buf_open, buf_close, buf_segment, buf_refuse_writes },
	{ "array", arr_create, arr_open, arr_close, arr_segment, arr_refuse_writes },
};
const unsigned sec_n_kinds = sizeof sec_kinds / sizeof sec_kinds[0];
