/* array_internal.h — the parameters an array keeps in its segment header. */
#ifndef SHAREDMEM_ARRAY_INTERNAL_H
#define SHAREDMEM_ARRAY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sharedmem/segment.h"

struct smi_array_params {
	uint64_t data_offset;  /*  0: from the payload start (the lock comes first) */
	uint64_t length;       /*  8: number of elements */
	uint32_t element_size; /* 16: bytes per element */
	uint32_t lock_size;    /* 20: bytes of the lock before the data */
};
_Static_assert(sizeof(struct smi_array_params) == 24, "array params size");
_Static_assert(sizeof(struct smi_array_params) <= SM_PARAMS_SIZE, "fits the header");
_Static_assert(offsetof(struct smi_array_params, length) == 8, "length");
_Static_assert(offsetof(struct smi_array_params, element_size) == 16, "element_size");
_Static_assert(offsetof(struct smi_array_params, lock_size) == 20, "lock_size");

#endif
