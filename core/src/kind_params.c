/* kind_params.c — each kind's check of the parameters in its header, in
 * one place, so that other readers of a header can run the same rules as
 * the kinds' open functions. */
#include "kind_params.h"

#include <string.h>

#include "array_internal.h"
#include "buffer_internal.h"
#include "locked_segment.h"
#include "ring_internal.h"
#include "rpc_internal.h"
#include "sharedmem/error.h"

int smi_ring_params_check(const struct smi_ring_params *p, uint64_t payload_size)
{
	struct smi_ring_params want;
	uint64_t size;
	if (smi_ring_layout(p->node_count, p->node_size, p->flags, &want, &size) < 0)
		return -SM_EBADHEADER;
	if (memcmp(&want, p, sizeof want) != 0 || size != payload_size)
		return -SM_EBADHEADER;
	return 0;
}

int smi_locked_params_check(uint64_t data_offset, uint64_t data_size, uint32_t lock_size,
			    uint64_t payload_size)
{
	if (lock_size != SMI_RWLOCK_SHM_SIZE || data_offset != SMI_LOCKED_DATA_OFFSET ||
	    !smi_range_ok(data_offset, data_size, payload_size) ||
	    data_offset + data_size != payload_size)
		return -SM_EBADHEADER;
	return 0;
}

int smi_array_params_check(const struct smi_array_params *p, uint64_t payload_size)
{
	if (p->element_size == 0 || p->length == 0 || p->length > UINT64_MAX / p->element_size)
		return -SM_EBADHEADER;
	return smi_locked_params_check(p->data_offset, p->length * p->element_size, p->lock_size,
				       payload_size);
}

int smi_buffer_params_check(const struct smi_buffer_params *p, uint64_t payload_size)
{
	return smi_locked_params_check(p->data_offset, p->data_size, p->lock_size, payload_size);
}

int smi_rpc_params_check(const struct smi_rpc_params *p, uint64_t payload_size)
{
	if (p->version != SMI_RPC_VERSION)
		return -SM_EVERSION;
	if (p->max_message > SM_RPC_MAX_MESSAGE_LIMIT || p->packet_size < SM_RPC_MIN_PACKET_SIZE ||
	    p->packet_size > SM_RPC_MAX_PACKET_SIZE || p->node_count < 2 ||
	    payload_size < sizeof(struct smi_rpc_shared))
		return -SM_EBADHEADER;
	return 0;
}
