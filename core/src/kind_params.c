/* kind_params.c — each kind's check of the parameters in its header: the
 * kinds' open functions and discovery (segment_discovery.c) run the same
 * rules, so `sharedmem list` calls broken what no open would accept. */
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

int smi_kind_params_check(const struct sm_header *h)
{
	/* Copies: the params block need not be aligned for each struct. */
	union {
		struct smi_ring_params ring;
		struct smi_array_params array;
		struct smi_buffer_params buffer;
		struct smi_rpc_params rpc;
	} p;
	_Static_assert(sizeof p <= SM_PARAMS_SIZE, "every kind's params fit the block");
	memcpy(&p, h->params, sizeof p);
	switch (h->kind) {
	case SM_KIND_RING: return smi_ring_params_check(&p.ring, h->payload_size);
	case SM_KIND_ARRAY: return smi_array_params_check(&p.array, h->payload_size);
	case SM_KIND_BUFFER: return smi_buffer_params_check(&p.buffer, h->payload_size);
	case SM_KIND_RPC: return smi_rpc_params_check(&p.rpc, h->payload_size);
	default: return 0;
	}
}

static bool params_unset(const struct sm_header *h)
{
	for (size_t i = 0; i < sizeof h->params; i++)
		if (h->params[i])
			return false;
	return true;
}

int smi_listed_params_check(const struct sm_header *h)
{
	if (h->state != SM_STATE_READY || params_unset(h))
		return 0;
	return smi_kind_params_check(h);
}

/* Whether ring header `h` has flags beyond SM_RING_SINGLE_*: a ring of
 * another format, whatever else it says. */
static bool ring_flags_unknown(const struct sm_header *h)
{
	struct smi_ring_params p;
	memcpy(&p, h->params, sizeof p);
	return (p.flags & ~SMI_RING_FLAGS) != 0;
}

const char *smi_kind_params_problem(const struct sm_header *h)
{
	switch (smi_listed_params_check(h)) {
	case 0:
		return NULL;
	case -SM_EVERSION:
		return "its RPC parameters are of a protocol version this library does not know";
	}
	switch (h->kind) {
	case SM_KIND_RING:
		return ring_flags_unknown(h) ? "its ring flags have bits this library does not know"
					     : "its ring parameters do not match its size";
	case SM_KIND_ARRAY: return "its array parameters do not match its size";
	case SM_KIND_BUFFER: return "its buffer parameters do not match its size";
	case SM_KIND_RPC: return "its RPC parameters are out of range or do not match its size";
	default: return "its parameters do not match its size";
	}
}
