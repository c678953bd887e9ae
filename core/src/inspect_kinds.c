/* inspect_kinds.c — per-kind parameter decoding for sm_header_fields().
 * Each part (array, buffer, ring, rpc) adds its case, decoding its own
 * parameter struct from its internal header. */
#include "inspect_internal.h"

void smi_kind_param_fields(const struct sm_header *h, struct smi_fields *f)
{
	switch (h->kind) {
	default:
		break;
	}
}
