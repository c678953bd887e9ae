/* buffer_internal.h — the parameters a buffer keeps in its segment header. */
#ifndef SHAREDMEM_BUFFER_INTERNAL_H
#define SHAREDMEM_BUFFER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sharedmem/segment.h"

struct smi_buffer_params {
	uint64_t data_offset; /*  0: from the payload start (the lock comes first) */
	uint64_t data_size;   /*  8: bytes the buffer holds */
	uint32_t lock_size;   /* 16: bytes of the lock before the data */
	uint32_t reserved;    /* 20: 0 */
};
_Static_assert(sizeof(struct smi_buffer_params) == 24, "buffer params size");
_Static_assert(sizeof(struct smi_buffer_params) <= SM_PARAMS_SIZE, "fits the header");
_Static_assert(offsetof(struct smi_buffer_params, data_size) == 8, "data_size");
_Static_assert(offsetof(struct smi_buffer_params, lock_size) == 16, "lock_size");

#endif
