/* inspect_kinds.c — per-kind parameter decoding for sm_header_fields().
 * Each part (array, buffer, ring, rpc) adds its case, decoding its own
 * parameter struct from its internal header. */
#include "inspect_internal.h"
#include "rpc_internal.h"

#include <string.h>

void smi_kind_param_fields(const struct sm_header *h, struct smi_fields *f)
{
	switch (h->kind) {
	case SM_KIND_RPC: {
		struct smi_rpc_params p;
		memcpy(&p, h->params, sizeof(p));
		smi_field_add(f, SMI_PARAM(struct smi_rpc_params, version), "rpc.version", SM_FIELD_UINT, p.version);
		smi_field_add(f, SMI_PARAM(struct smi_rpc_params, max_message), "rpc.max_message", SM_FIELD_SIZE, p.max_message);
		smi_field_add(f, SMI_PARAM(struct smi_rpc_params, packet_size), "rpc.packet_size", SM_FIELD_SIZE, p.packet_size);
		smi_field_add(f, SMI_PARAM(struct smi_rpc_params, node_count), "rpc.node_count", SM_FIELD_UINT, p.node_count);
		break;
	}
	default:
		break;
	}
}
