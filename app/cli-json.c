/* cli-json.c — see cli-json.h. */
#include "cli-json.h"

#include <math.h>
#include <string.h>

#include "sharedmem.h"

void cj_init(struct cli_json *j, FILE *f)
{
	memset(j, 0, sizeof *j);
	j->f = f;
}

static void indent(struct cli_json *j)
{
	if (j->one_line)
		return;
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* One character (or one stray byte) at s, escaped as cj_strn() says.
 * Returns how many bytes it took. */
static size_t put_json_char(FILE *f, const unsigned char *s, size_t left)
{
	uint32_t cp;
	size_t len = sm_utf8_char(s, left, &cp);
	if (!len)
		fprintf(f, "\\u%04x", 0xdc00 + s[0]); /* not UTF-8: surrogateescape */
	else if (sm_is_control(cp))
		fprintf(f, "\\u%04x", cp);
	else
		fwrite(s, 1, len, f);
	return len ? len : 1;
}

static void put_escaped(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			i += put_json_char(f, (const unsigned char *)s + i, len - i) - 1;
		}
	}
	fputc('"', f);
}

/* Comma, newline, indentation and "key": before a value. */
static void item(struct cli_json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->one_line)
			fputs(j->has_items[j->depth] ? ", " : "", j->f);
		else
			fputs(j->has_items[j->depth] ? ",\n" : "\n", j->f);
		j->has_items[j->depth] = true;
		indent(j);
	}
	if (key) {
		put_escaped(j->f, key, strlen(key));
		fputs(": ", j->f);
	}
}

static void open_(struct cli_json *j, const char *key, char c, char closer)
{
	item(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < CLI_JSON_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
	j->closer[j->depth] = closer;
}

void cj_object(struct cli_json *j, const char *key) { open_(j, key, '{', '}'); }
void cj_array(struct cli_json *j, const char *key) { open_(j, key, '[', ']'); }

void cj_end(struct cli_json *j)
{
	bool had = j->has_items[j->depth];
	char closer = j->closer[j->depth];
	j->depth--;
	if (had && !j->one_line) {
		fputc('\n', j->f);
		indent(j);
	}
	fputc(closer, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void cj_str(struct cli_json *j, const char *key, const char *v)
{
	if (!v) {
		cj_null(j, key);
		return;
	}
	cj_strn(j, key, v, strlen(v));
}

void cj_strn(struct cli_json *j, const char *key, const char *v, size_t len)
{
	item(j, key);
	put_escaped(j->f, v, len);
}

void cj_u64(struct cli_json *j, const char *key, uint64_t v)
{
	item(j, key);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void cj_i64(struct cli_json *j, const char *key, int64_t v)
{
	item(j, key);
	fprintf(j->f, "%lld", (long long)v);
}

void cj_dbl(struct cli_json *j, const char *key, double v)
{
	item(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.10g", v);
	else
		fputs("null", j->f);
}

void cj_bool(struct cli_json *j, const char *key, bool v)
{
	item(j, key);
	fputs(v ? "true" : "false", j->f);
}

void cj_null(struct cli_json *j, const char *key)
{
	item(j, key);
	fputs("null", j->f);
}
