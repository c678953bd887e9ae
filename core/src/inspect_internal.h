/* inspect_internal.h — how each kind adds its parameter fields. */
#ifndef SHAREDMEM_INSPECT_INTERNAL_H
#define SHAREDMEM_INSPECT_INTERNAL_H

#include <stddef.h>

#include "sharedmem/inspect.h"

struct smi_fields {
	struct sm_field *out;
	size_t max;
	size_t count;
};

/* Append a field (formatted by type); counts it even when out is full. */
void smi_field_add(struct smi_fields *f, uint32_t offset, uint32_t size, const char *name,
		   enum sm_field_type type, uint64_t raw);
/* The field just added, to override its text; NULL if it did not fit. */
struct sm_field *smi_field_last(struct smi_fields *f);

/* Offset of a parameter-block member, from the start of the file. */
#define SMI_PARAM(type, member) \
	(uint32_t)(offsetof(struct sm_header, params) + offsetof(type, member)), \
	(uint32_t)sizeof(((type *)0)->member)

/* Kind dispatch (inspect_kinds.c): each kind appends its params' fields.
 * Each part adds its case there. */
void smi_kind_param_fields(const struct sm_header *h, struct smi_fields *f);

#endif
