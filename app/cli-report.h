/* cli-report.h — key/value output that is either aligned text for people
 * or JSON, so each piece of live state is written once for both. */
#ifndef SM_CLI_REPORT_H
#define SM_CLI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "cli-util.h"

struct cli_report {
	struct cli_json *j; /* NULL: text to out */
	FILE *out;
	int depth;          /* text indentation level */
};

/* A titled group: text prints "Title:" and indents; JSON opens "key": {. */
void rep_section(struct cli_report *r, const char *key, const char *title);
void rep_end(struct cli_report *r);
void rep_u64(struct cli_report *r, const char *key, uint64_t v);
void rep_i64(struct cli_report *r, const char *key, int64_t v);
void rep_dbl(struct cli_report *r, const char *key, double v);
void rep_str(struct cli_report *r, const char *key, const char *v);
void rep_bool(struct cli_report *r, const char *key, bool v);
/* Bytes: a number in JSON, "4096 (4.0 KiB)" in text. */
void rep_size(struct cli_report *r, const char *key, uint64_t v);

#endif
