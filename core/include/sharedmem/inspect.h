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
	SM_FIELD_TIME,   /* ns since the epoch (value "unknown" for 0) */
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
 * exceed max: call again with more room), -EINVAL if h is NULL. */
int sm_header_fields(const struct sm_header *h, struct sm_field *out, size_t max);

/* A byte count for people, into buf: "512 B", "1.5 KiB", "1.0 MiB" (for
 * 1048575: the unit is the one its value rounds below 1024 in), up to
 * "16.0 EiB".  What the CLI and the workbench show every size with.
 * buf needs SM_SIZE_TEXT_SIZE bytes.  Returns buf. */
#define SM_SIZE_TEXT_SIZE 16
const char *sm_size_text(uint64_t bytes, char *buf, size_t size);

/* How old something made at `created_ns` is at `now_ns` (both
 * CLOCK_REALTIME nanoseconds, as sm_header.created_ns), for people, into
 * buf: "42s", "3m05s", "3h02m", "4d07h" (whole units, cut, not rounded).
 * "in the future" when created_ns is later than now_ns (the clock was set
 * back since, or the header is damaged): not "0s", which would pass for
 * brand new; "-" when created_ns is 0 (not recorded).  What the CLI and
 * the workbench show every age with.  buf needs SM_AGE_TEXT_SIZE bytes.
 * Returns buf. */
#define SM_AGE_TEXT_SIZE 24
const char *sm_age_text(uint64_t created_ns, uint64_t now_ns, char *buf, size_t size);

/* "rw-------" style text of a mode's permission bits into buf (>= 10 bytes). */
void sm_mode_string(unsigned mode, char *buf);

/* ---- Untrusted text -------------------------------------------------------
 * Names, labels and process names come from files and processes anyone
 * may make; the CLI and the workbench show them the same way, and never
 * raw (inspect_text.c). */

/* The length (1..4) of the valid UTF-8 character at s (`left` bytes
 * there), its code point in *cp; or 0 if the byte at s starts none
 * (stray, overlong, surrogate, beyond U+10FFFF, cut short). */
size_t sm_utf8_char(const unsigned char *s, size_t left, uint32_t *cp);
/* A control character: C0, DEL or C1; also the line and paragraph
 * separators and the bidi controls (LRM, RLM, ALM, U+202A..E, U+2066..9),
 * which would break or reorder the text shown around them, and the
 * invisible characters (U+200B..D, U+2060..4, U+FEFF, U+00AD), which
 * would make different names look alike. */
int sm_is_control(uint32_t cp);
/* `text` as shown to people, into buf: printable characters as they are,
 * '\' as "\\", and every control character and every byte that is not
 * valid UTF-8 as "\xHH", one per byte.  buf needs SM_SHOWN_TEXT_SIZE(bytes
 * of text); a longer text is cut at a character.  Returns buf. */
#define SM_SHOWN_TEXT_SIZE(bytes) (4 * (bytes) + 1)
const char *sm_shown_text(const char *text, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
