/* kind_params.h — the one check of each kind's parameters in the header,
 * for the kinds' open functions and whatever else reads a header. */
#ifndef SHAREDMEM_KIND_PARAMS_H
#define SHAREDMEM_KIND_PARAMS_H

#include <stdint.h>

#include "sharedmem/segment.h"

struct smi_ring_params;
struct smi_array_params;
struct smi_buffer_params;
struct smi_rpc_params;

/* Each takes a copy of the kind's params (read once: a later change in
 * shared memory cannot move what was checked) and the payload size from
 * the validated header, and looks at nothing else: a header copy read
 * without mapping the segment is enough.  0, or -SM_EBADHEADER, or
 * -SM_EVERSION (an RPC channel of another protocol version). */

/* Exactly what the layout rules give for the stored node count, size and
 * flags, and that layout's size is the payload size. */
int smi_ring_params_check(const struct smi_ring_params *p, uint64_t payload_size);
/* Lock then data, the data filling the rest of the payload. */
int smi_locked_params_check(uint64_t data_offset, uint64_t data_size, uint32_t lock_size,
			    uint64_t payload_size);
/* A nonzero element size and length whose product does not overflow, laid
 * out as smi_locked_params_check() wants. */
int smi_array_params_check(const struct smi_array_params *p, uint64_t payload_size);
int smi_buffer_params_check(const struct smi_buffer_params *p, uint64_t payload_size);
/* The protocol version, sizes in range, and a payload that holds the
 * channel's shared block. */
int smi_rpc_params_check(const struct smi_rpc_params *p, uint64_t payload_size);

#endif
