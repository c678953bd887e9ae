/* inspect_kinds.c — per-kind parameter decoding for sm_header_fields().
 * Each part (array, buffer, ring, rpc) adds its case, decoding its own
 * parameter struct from its internal header. */
#include <stdio.h>
#include <string.h>

#include "array_internal.h"
#include "buffer_internal.h"
#include "inspect_internal.h"
#include "ring_internal.h"
#include "rpc_internal.h"

static void ring_fields(const struct sm_header *h, struct smi_fields *f)
{
	struct smi_ring_params p;
	memcpy(&p, h->params, sizeof p);
#define RP(member) SMI_PARAM(struct smi_ring_params, member)
	smi_field_add(f, RP(node_count), "ring.node_count", SM_FIELD_UINT, p.node_count);
	smi_field_add(f, RP(node_size), "ring.node_size", SM_FIELD_SIZE, p.node_size);
	smi_field_add(f, RP(node_stride), "ring.node_stride", SM_FIELD_SIZE, p.node_stride);
	smi_field_add(f, RP(node_header), "ring.node_header", SM_FIELD_SIZE, p.node_header);
	smi_field_add(f, RP(ctl_offset), "ring.ctl_offset", SM_FIELD_SIZE, p.ctl_offset);
	smi_field_add(f, RP(procs_offset), "ring.procs_offset", SM_FIELD_SIZE, p.procs_offset);
	smi_field_add(f, RP(nodes_offset), "ring.nodes_offset", SM_FIELD_SIZE, p.nodes_offset);
	smi_field_add(f, RP(proc_slots), "ring.proc_slots", SM_FIELD_UINT, p.proc_slots);
	smi_field_add(f, RP(flags), "ring.flags", SM_FIELD_HEX, p.flags);
	struct sm_field *x = smi_field_last(f);
	if (x) /* the mode in words: single or multi on each side, if it is one */
		snprintf(x->value, sizeof x->value, "0x%x (%s)", p.flags,
			 (p.flags & ~SMI_RING_FLAGS) ? "unknown bits" : sm_ring_mode_name(p.flags));
#undef RP
}

static void rpc_fields(const struct sm_header *h, struct smi_fields *f)
{
	struct smi_rpc_params p;
	memcpy(&p, h->params, sizeof p);
#define PP(member) SMI_PARAM(struct smi_rpc_params, member)
	smi_field_add(f, PP(version), "rpc.version", SM_FIELD_UINT, p.version);
	smi_field_add(f, PP(max_message), "rpc.max_message", SM_FIELD_SIZE, p.max_message);
	smi_field_add(f, PP(packet_size), "rpc.packet_size", SM_FIELD_SIZE, p.packet_size);
	smi_field_add(f, PP(node_count), "rpc.node_count", SM_FIELD_UINT, p.node_count);
#undef PP
}

void smi_kind_param_fields(const struct sm_header *h, struct smi_fields *f)
{
	switch (h->kind) {
	case SM_KIND_ARRAY: {
		const struct smi_array_params *p = (const void *)h->params;
		smi_field_add(f, SMI_PARAM(struct smi_array_params, data_offset), "array.data_offset",
			      SM_FIELD_UINT, p->data_offset);
		smi_field_add(f, SMI_PARAM(struct smi_array_params, length), "array.length",
			      SM_FIELD_UINT, p->length);
		smi_field_add(f, SMI_PARAM(struct smi_array_params, element_size), "array.element_size",
			      SM_FIELD_SIZE, p->element_size);
		smi_field_add(f, SMI_PARAM(struct smi_array_params, lock_size), "array.lock_size",
			      SM_FIELD_SIZE, p->lock_size);
		break;
	}
	case SM_KIND_BUFFER: {
		const struct smi_buffer_params *p = (const void *)h->params;
		smi_field_add(f, SMI_PARAM(struct smi_buffer_params, data_offset), "buffer.data_offset",
			      SM_FIELD_UINT, p->data_offset);
		smi_field_add(f, SMI_PARAM(struct smi_buffer_params, data_size), "buffer.data_size",
			      SM_FIELD_SIZE, p->data_size);
		smi_field_add(f, SMI_PARAM(struct smi_buffer_params, lock_size), "buffer.lock_size",
			      SM_FIELD_SIZE, p->lock_size);
		break;
	}
	case SM_KIND_RING:
		ring_fields(h, f);
		break;
	case SM_KIND_RPC:
		rpc_fields(h, f);
		break;
	default:
		break;
	}
}
