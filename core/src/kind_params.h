/* kind_params.h — the one check of each kind's parameters in the header,
 * shared by the kinds' open functions and by discovery. */
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
 * the validated header, and looks at nothing else, so discovery can run
 * them on a header read with pread.  0, or -SM_EBADHEADER, or
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

/* The check of h->kind on h->params and h->payload_size, for a header that
 * passed smi_header_validate().  0 for a kind without params. */
int smi_kind_params_check(const struct sm_header *h);

/* The check a listing applies (sm_segment_stat): a published segment's
 * params by smi_kind_params_check(), so that one its kind's open refuses
 * is broken, not in use.  0 before publication (they may still be being
 * written) and for a block of all zeros (sm_segment_create() with no
 * params, the generic API, which sm_segment_open() opens). */
int smi_listed_params_check(const struct sm_header *h);

/* What the listing's check of h finds wrong, as shown to people ("its ring
 * parameters do not match its size"), or NULL if it finds nothing. */
const char *smi_kind_params_problem(const struct sm_header *h);

#endif
