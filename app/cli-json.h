/* cli-json.h — the CLI's JSON writer, for --json output. */
#ifndef SM_CLI_JSON_H
#define SM_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Streams pretty-printed JSON; `key` is NULL inside arrays and at the top. */
#define CLI_JSON_DEPTH 16
struct cli_json {
	FILE *f;
	bool one_line; /* no newlines but the one after the top-level value */
	int depth;
	bool has_items[CLI_JSON_DEPTH];
	char closer[CLI_JSON_DEPTH];
};
void cj_init(struct cli_json *j, FILE *f);
void cj_object(struct cli_json *j, const char *key);
void cj_array(struct cli_json *j, const char *key);
void cj_end(struct cli_json *j);   /* closes the innermost object/array; a newline at top */
void cj_str(struct cli_json *j, const char *key, const char *v); /* NULL -> null */
/* A string from `len` bytes that may hold anything.  Valid UTF-8 goes out
 * as it is (control characters, C1 included, as \u00XX); each byte that
 * is not part of valid UTF-8 as a lone surrogate \udcXX (XX its value, 80
 * to ff), as Python's "surrogateescape" does, so the bytes round-trip:
 * json.loads(s).encode("utf-8", "surrogateescape"). */
void cj_strn(struct cli_json *j, const char *key, const char *v, size_t len);
void cj_u64(struct cli_json *j, const char *key, uint64_t v);
void cj_i64(struct cli_json *j, const char *key, int64_t v);
void cj_dbl(struct cli_json *j, const char *key, double v);  /* non-finite -> null */
void cj_bool(struct cli_json *j, const char *key, bool v);
void cj_null(struct cli_json *j, const char *key);

#endif
