/* sharedmem/array.h — a named array of fixed-size elements (the C#
 * SharedArray<T>).
 *
 * An array is a segment of kind SM_KIND_ARRAY whose element size and
 * length are fixed when it is created and recorded in its header, so an
 * opener needs only the name.  Every access is bounds-checked.  Like a
 * buffer it carries a robust reader/writer lock (sm_array_lock()); element
 * access itself does not lock: take the lock around accesses that must be
 * consistent.  Element copies are memcpy: an element written while another
 * process reads it may be read half-old, half-new unless the lock is used.
 *
 *   sm_array *a;
 *   SM_ARRAY_CREATE(&a, "numbers", int, 10, NULL);
 *   SM_ARRAY_SET(a, int, 0, 123);
 *   int x;
 *   SM_ARRAY_GET(a, 0, &x);
 */
#ifndef SHAREDMEM_ARRAY_H
#define SHAREDMEM_ARRAY_H

#include <stddef.h>
#include <stdint.h>

#include "rwlock.h"
#include "segment.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_array sm_array;

/* Create array `name` of `length` (>= 1) zero-filled elements of
 * element_size (>= 1) bytes.  Errors as sm_segment_create(), plus -EINVAL
 * (zero size or length) and -EFBIG (too large). */
int sm_array_create(sm_array **out, const char *name, size_t element_size, uint64_t length,
		    const struct sm_segment_options *opts);

/* Open an existing array.  element_size is what the caller expects (0 =
 * accept any; then ask sm_array_element_size()); flags SM_OPEN_READONLY
 * for monitors.  Errors as sm_segment_open(), plus -SM_EWRONGKIND (not an
 * array, or elements of another size) and -SM_EBADHEADER (its parameters
 * do not match its size). */
int sm_array_open(sm_array **out, const char *name, size_t element_size, unsigned flags);

/* Close.  The owner's close removes the name.  NULL is ignored. */
void sm_array_close(sm_array *arr);

/* Getters: NULL or 0 for a NULL handle. */
uint64_t sm_array_length(const sm_array *arr);
size_t sm_array_element_size(const sm_array *arr);
/* The elements, in shared memory: length * element_size bytes. */
void *sm_array_data(const sm_array *arr);
sm_segment *sm_array_segment(const sm_array *arr);
/* The array's lock; valid until the array is closed. */
sm_rwlock *sm_array_lock(sm_array *arr);

/* Copy element `index` out to dst / in from src; `size` is the caller's
 * element size and must equal the array's.  0, -ERANGE (index >= length),
 * -EINVAL (NULL, or size differs), -EBADF (set through a read-only
 * handle), -SM_EBADHEADER (the file was truncated under the mapping: see
 * sm_segment_open()).  Never block. */
int sm_array_get(const sm_array *arr, uint64_t index, void *dst, size_t size);
int sm_array_set(sm_array *arr, uint64_t index, const void *src, size_t size);

/* Copy `count` elements starting at `start` out to dst (CopyTo) / in from
 * src (Write).  0, -ERANGE (start + count > length, overflow included),
 * -EINVAL (NULL pointers), -EBADF (write through a read-only handle),
 * -SM_EBADHEADER (file truncated, as above).  count 0 is a no-op.  Never
 * block. */
int sm_array_read(const sm_array *arr, uint64_t start, void *dst, uint64_t count);
int sm_array_write(sm_array *arr, uint64_t start, const void *src, uint64_t count);

/* Index of the first element equal (bytewise) to *elem, -ENOENT if there
 * is none, -EINVAL (NULL or size differs), -SM_EBADHEADER (file truncated,
 * as above).  IndexOf/Contains. */
int64_t sm_array_find(const sm_array *arr, const void *elem, size_t size);

/* Typed convenience: the element type is checked against the array's
 * element size at run time (-SM_EWRONGKIND from open, -EINVAL from access). */
#define SM_ARRAY_CREATE(out, name, type, length, opts) \
	sm_array_create((out), (name), sizeof(type), (length), (opts))
#define SM_ARRAY_OPEN(out, name, type, flags) \
	sm_array_open((out), (name), sizeof(type), (flags))
/* *ptr = arr[index] */
#define SM_ARRAY_GET(arr, index, ptr) sm_array_get((arr), (index), (ptr), sizeof *(ptr))
/* arr[index] = *ptr (structs) */
#define SM_ARRAY_PUT(arr, index, ptr) sm_array_set((arr), (index), (ptr), sizeof *(ptr))
/* arr[index] = value (scalars) */
#define SM_ARRAY_SET(arr, type, index, value) \
	sm_array_set((arr), (index), &(type){ (value) }, sizeof(type))
/* Index of *ptr, or -ENOENT */
#define SM_ARRAY_FIND(arr, ptr) sm_array_find((arr), (ptr), sizeof *(ptr))

#ifdef __cplusplus
}
#endif

#endif
