/* locked_segment.h — what buffers and arrays share (the C# BufferWithLocks):
 * a segment whose payload starts with a robust reader/writer lock,
 * followed by the data. */
#ifndef SHAREDMEM_LOCKED_SEGMENT_H
#define SHAREDMEM_LOCKED_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rwlock_internal.h"
#include "segment_internal.h"
#include "sharedmem/segment.h"

/* Where the data starts, from the payload start: right after the lock,
 * on a cache line of its own. */
#define SMI_LOCKED_DATA_OFFSET ((uint64_t)SMI_RWLOCK_SHM_SIZE)
_Static_assert(SMI_LOCKED_DATA_OFFSET % 64 == 0, "data on a cache line");

struct smi_locked {
	sm_segment *seg;
	struct sm_rwlock lock;
	uint8_t *data;
	uint64_t data_size;
};

/* What a copy to or from the data returns: `r`, or -SM_EBADHEADER when
 * the segment's file was truncated under the mapping (the copy then moved
 * zeros: see platform_sigbus.c). */
static inline int smi_locked_result(const struct smi_locked *l, int r)
{
	return r >= 0 && smi_segment_truncated(l->seg) ? -SM_EBADHEADER : r;
}

/* Create segment `name` of `kind` holding data_size bytes after the lock,
 * with the kind's params, initialise the lock and publish.  Errors as
 * sm_segment_create(). */
int smi_locked_create(struct smi_locked *l, const char *name, enum sm_kind kind,
		      uint64_t data_size, const void *params, size_t params_size,
		      const struct sm_segment_options *opts);

/* Open segment `name` of `kind`; the caller then checks its params
 * (kind_params.h) and calls smi_locked_attach().  Errors as
 * sm_segment_open(). */
int smi_locked_open(struct smi_locked *l, const char *name, enum sm_kind kind, unsigned flags);

/* Point at the lock and data of an opened segment whose params passed
 * the kind's check (kind_params.h), which keeps them inside the payload. */
void smi_locked_attach(struct smi_locked *l, uint64_t data_offset, uint64_t data_size);

void smi_locked_close(struct smi_locked *l);

/* 1 if [offset, offset+len) lies within size (no overflow), else 0. */
static inline bool smi_range_ok(uint64_t offset, uint64_t len, uint64_t size)
{
	return offset <= size && len <= size - offset;
}

#endif
