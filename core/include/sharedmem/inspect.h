/* sharedmem/inspect.h — decode a segment header field by field, for the
 * CLI's `inspect` and the workbench's header inspector (one decoder for
 * both).  Works on a header copy (e.g. sm_segment_info.header), so it
 * never touches a mapping. */
#ifndef SHAREDMEM_INSPECT_H
#define SHAREDMEM_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SM_FIELD_VALUE_MAX 96

enum sm_field_type {
	SM_FIELD_UINT,   /* plain number */
	SM_FIELD_HEX,    /* magic, flags */
	SM_FIELD_SIZE,   /* bytes */
	SM_FIELD_TIME,   /* ns since the epoch */
	SM_FIELD_PID,
	SM_FIELD_ENUM,   /* kind, state */
	SM_FIELD_TEXT,   /* label */
	SM_FIELD_BYTES,  /* reserved/opaque */
};

struct sm_field {
	uint32_t offset;            /* from the start of the file */
	uint32_t size;              /* bytes */
	const char *name;           /* static, e.g. "creator_pid", "ring.node_count" */
	enum sm_field_type type;
	uint64_t raw;               /* the value when it fits in 64 bits */
	char value[SM_FIELD_VALUE_MAX]; /* decoded for people: dates, "1234 (bash)", "ring" */
};

/* Fill up to `max` fields describing `h`: the common header, then the
 * kind-specific parameters.  Returns the number of fields there are (may
 * exceed max: call again with more room). */
int sm_header_fields(const struct sm_header *h, struct sm_field *out, size_t max);

/* "rw-------" style text of a mode's permission bits into buf (>= 10 bytes). */
void sm_mode_string(unsigned mode, char *buf);

#ifdef __cplusplus
}
#endif

#endif
