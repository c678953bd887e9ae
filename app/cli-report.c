/* cli-report.c — see cli-report.h. */
#include "cli-report.h"

#include <stdio.h>

#include "sharedmem/inspect.h"

static void label(struct cli_report *r, const char *key)
{
	fprintf(r->out, "%*s%-30s ", 2 * r->depth, "", key);
}

void rep_section(struct cli_report *r, const char *key, const char *title)
{
	if (r->j) {
		cj_object(r->j, key);
		return;
	}
	fprintf(r->out, "%*s%s:\n", 2 * r->depth, "", title);
	r->depth++;
}

void rep_end(struct cli_report *r)
{
	if (r->j)
		cj_end(r->j);
	else if (r->depth > 0)
		r->depth--;
}

void rep_u64(struct cli_report *r, const char *key, uint64_t v)
{
	if (r->j)
		cj_u64(r->j, key, v);
	else
		label(r, key), fprintf(r->out, "%llu\n", (unsigned long long)v);
}

void rep_i64(struct cli_report *r, const char *key, int64_t v)
{
	if (r->j)
		cj_i64(r->j, key, v);
	else
		label(r, key), fprintf(r->out, "%lld\n", (long long)v);
}

void rep_dbl(struct cli_report *r, const char *key, double v)
{
	if (r->j)
		cj_dbl(r->j, key, v);
	else
		label(r, key), fprintf(r->out, "%.3f\n", v);
}

void rep_str(struct cli_report *r, const char *key, const char *v)
{
	if (r->j)
		cj_str(r->j, key, v);
	else
		label(r, key), fprintf(r->out, "%s\n", v ? v : "-");
}

void rep_bool(struct cli_report *r, const char *key, bool v)
{
	if (r->j)
		cj_bool(r->j, key, v);
	else
		label(r, key), fprintf(r->out, "%s\n", v ? "yes" : "no");
}

void rep_size(struct cli_report *r, const char *key, uint64_t v)
{
	if (r->j) {
		cj_u64(r->j, key, v);
		return;
	}
	char human[24];
	label(r, key);
	if (v >= 1024)
		fprintf(r->out, "%llu (%s)\n", (unsigned long long)v, sm_size_text(v, human, sizeof human));
	else
		fprintf(r->out, "%llu\n", (unsigned long long)v);
}
