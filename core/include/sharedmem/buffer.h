/* sharedmem/buffer.h — a named read/write buffer (the C# BufferReadWrite).
 *
 * A buffer is a segment of kind SM_KIND_BUFFER holding `size` bytes that
 * any process may read and write at an offset, plus a robust reader/writer
 * lock (sharedmem/rwlock.h) for callers that need consistency.  Plain
 * reads and writes do not lock; the *_locked variants take the lock for the
 * one copy; or take it yourself with sm_buffer_lock() around several.
 */
#ifndef SHAREDMEM_BUFFER_H
#define SHAREDMEM_BUFFER_H

#include <stddef.h>
#include <stdint.h>

#include "rwlock.h"
#include "segment.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_buffer sm_buffer;

/* Create buffer `name` of `size` bytes (>= 1), zero-filled.  Errors as
 * sm_segment_create(), plus -EINVAL for size 0 and -EFBIG when too large. */
int sm_buffer_create(sm_buffer **out, const char *name, uint64_t size,
		     const struct sm_segment_options *opts);

/* Open an existing buffer; flags SM_OPEN_READONLY for monitors (reads
 * only, no locking).  Errors as sm_segment_open() (-SM_EWRONGKIND if it is
 * not a buffer), and -SM_EBADHEADER when its parameters do not match its
 * size. */
int sm_buffer_open(sm_buffer **out, const char *name, unsigned flags);

/* Close.  The owner's close removes the name (see sm_segment_close()).
 * NULL is ignored.  Does not release locks this process holds. */
void sm_buffer_close(sm_buffer *buf);

/* Getters: NULL or 0 for a NULL handle. */
uint64_t sm_buffer_size(const sm_buffer *buf);
/* The bytes themselves, in shared memory (size sm_buffer_size()). */
void *sm_buffer_data(const sm_buffer *buf);
sm_segment *sm_buffer_segment(const sm_buffer *buf);
/* The buffer's lock; valid until the buffer is closed. */
sm_rwlock *sm_buffer_lock(sm_buffer *buf);

/* Copy `len` bytes at `offset` out to `dst` / in from `src`, without
 * locking.  0, -ERANGE if [offset, offset+len) is not inside the buffer
 * (overflow included), -EINVAL (NULL pointers with len > 0), -EBADF
 * (writing through a read-only handle), -SM_EBADHEADER (the segment's
 * file was truncated under the mapping: what was copied is zeros; see
 * segment.h).  Never block. */
int sm_buffer_read(const sm_buffer *buf, uint64_t offset, void *dst, size_t len);
int sm_buffer_write(sm_buffer *buf, uint64_t offset, const void *src, size_t len);

/* The same under the buffer's lock (read lock / write lock), waiting up to
 * timeout_ms (0 = try once, -1 = forever).  0, SM_LOCK_RECOVERED (the copy
 * was done, but a previous holder died: the data may be inconsistent),
 * -ETIMEDOUT (nothing copied), -EDEADLK (the calling thread holds the
 * buffer's lock already, a read hold too, through any handle: see
 * rwlock.h), or the errors above (checked before locking).
 * sm_buffer_read_locked() cannot be used on read-only handles (-EBADF): a
 * monitor cannot take locks. */
int sm_buffer_read_locked(sm_buffer *buf, uint64_t offset, void *dst, size_t len,
			  int timeout_ms);
int sm_buffer_write_locked(sm_buffer *buf, uint64_t offset, const void *src, size_t len,
			   int timeout_ms);

/* Structs: read or write *ptr (sizeof *ptr bytes) at `offset`. */
#define SM_BUFFER_READ(buf, offset, ptr)  sm_buffer_read((buf), (offset), (ptr), sizeof *(ptr))
#define SM_BUFFER_WRITE(buf, offset, ptr) sm_buffer_write((buf), (offset), (ptr), sizeof *(ptr))

#ifdef __cplusplus
}
#endif

#endif
