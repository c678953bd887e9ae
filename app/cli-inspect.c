/* cli-inspect.c — `sharedmem inspect NAME`: the header decoded field by
 * field (sm_header_fields), the kind's live state (cli-live.c), an optional
 * hex dump; --watch refreshes once a second. */
#include "cli-inspect.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli-live.h"
#include "cli-report.h"
#include "cli-segment-info.h"
#include "cli-util.h"
#include "sharedmem.h"

static const char help[] =
	"Usage: sharedmem inspect NAME [--hex] [--watch [--count N]] [--json]\n"
	"\n"
	"Show segment NAME: its header field by field (offset, size, name, decoded\n"
	"value) and the kind's live state: ring positions, occupancy, node states\n"
	"and counters; RPC channel statistics; array geometry; buffer size and lock\n"
	"holders.\n"
	"\n"
	"Options:\n"
	"  -x, --hex      add a hex dump of the header\n"
	"  -w, --watch    refresh once a second until interrupted (Ctrl+C)\n"
	"  -c, --count N  with --watch: stop after N refreshes\n"
	"  --json         a JSON object (with --watch, one line per refresh):\n"
	"                 segment, fields, live, hex\n"
	"  -h, --help     show this help\n";

static const char *const type_names[] = {
	[SM_FIELD_UINT] = "uint", [SM_FIELD_HEX] = "hex",   [SM_FIELD_SIZE] = "size",
	[SM_FIELD_TIME] = "time", [SM_FIELD_PID] = "pid",   [SM_FIELD_ENUM] = "enum",
	[SM_FIELD_TEXT] = "text", [SM_FIELD_BYTES] = "bytes",
};

static const char *type_name(enum sm_field_type t)
{
	return (unsigned)t < sizeof type_names / sizeof type_names[0] && type_names[t] ?
		type_names[t] : "unknown";
}

/* The decoded header; NULL on out of memory.  *n gets the count. */
static struct sm_field *header_fields(const struct sm_header *h, int *n)
{
	int want = sm_header_fields(h, NULL, 0);
	struct sm_field *f = calloc((size_t)want + 1, sizeof *f);
	if (f)
		*n = sm_header_fields(h, f, (size_t)want);
	return f;
}

static void print_fields(FILE *out, const struct sm_field *f, int n)
{
	fprintf(out, "Header:\n  %6s %5s  %-24s %s\n", "OFFSET", "SIZE", "FIELD", "VALUE");
	char value[SM_SHOWN_TEXT_SIZE(SM_FIELD_VALUE_MAX)];
	for (int i = 0; i < n; i++) /* the label and process names are anyone's text */
		fprintf(out, "  %6u %5u  %-24s %s\n", f[i].offset, f[i].size, f[i].name,
			sm_shown_text(f[i].value, value, sizeof value));
}

static void json_fields(struct cli_json *j, const struct sm_field *f, int n)
{
	cj_array(j, "fields");
	for (int i = 0; i < n; i++) {
		cj_object(j, NULL);
		cj_u64(j, "offset", f[i].offset);
		cj_u64(j, "size", f[i].size);
		cj_str(j, "name", f[i].name);
		cj_str(j, "type", type_name(f[i].type));
		cj_u64(j, "raw", f[i].raw);
		cj_str(j, "value", f[i].value);
		cj_end(j);
	}
	cj_end(j);
}

static void print_hex(FILE *out, const unsigned char *p, size_t len)
{
	fprintf(out, "Hex:\n");
	for (size_t off = 0; off < len; off += 16) {
		fprintf(out, "  %08zx ", off);
		for (size_t i = 0; i < 16; i++)
			fprintf(out, i == 8 ? "  %02x" : " %02x", p[off + i]);
		fprintf(out, "  |");
		for (size_t i = 0; i < 16; i++)
			putc(p[off + i] >= 0x20 && p[off + i] < 0x7f ? p[off + i] : '.', out);
		fprintf(out, "|\n");
	}
}

static void json_hex(struct cli_json *j, const unsigned char *p, size_t len)
{
	char line[33];
	cj_array(j, "hex"); /* one string of 32 hex digits per 16 bytes */
	for (size_t off = 0; off < len; off += 16) {
		for (size_t i = 0; i < 16; i++)
			snprintf(line + 2 * i, 3, "%02x", p[off + i]);
		cj_str(j, NULL, line);
	}
	cj_end(j);
}

/* Whether s->header holds the file's first bytes: a regular file long
 * enough whose header was read and failed its checks.  A file that could
 * not be opened, a link, a directory or a FIFO has a header of zeros. */
static bool header_read(const struct sm_segment_info *s)
{
	return s->file_type == S_IFREG && s->file_size >= SM_HEADER_SIZE &&
	       (s->status == -SM_EBADHEADER || s->status == -SM_EVERSION);
}

static void print_summary(FILE *out, const struct sm_segment_info *s)
{
	char name[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)], size[24], owner[32], attached[64], status[128],
		age[SM_AGE_TEXT_SIZE];
	fprintf(out, "Segment '%s': %s, %s, owner %s, attached %s, age %s, %s\n",
		sm_shown_text(s->name, name, sizeof name),
		sm_kind_name(s->kind), sm_size_text(s->file_size, size, sizeof size),
		cli_info_owner(s, owner, sizeof owner), cli_info_attached(s, attached, sizeof attached),
		/* (a sentence: "unknown", as its "created" field below says,
		 * where list's table cell has its "-") */
		s->created_ns ? cli_info_age(s, age, sizeof age) : "unknown",
		cli_info_status(s, status, sizeof status));
}

/* show()'s answer when the segment was replaced while it was read, under
 * --watch: read it again. */
#define SHOW_AGAIN (-1)

/* The live state is read through the kind's own open, by name: a segment
 * removed and made again under the name since sm_segment_stat() would
 * have its live state drawn under the old one's header.  So the picture
 * is drawn into memory and the name stat'ed again before it is printed;
 * if it changed, the picture is dropped.  Once, that is an error (run
 * inspect again); under --watch, a note, and the segment is read again
 * at once (a JSON consumer could not tell a mixed line from the others). */
static int replaced(const char *name, bool watching)
{
	char text[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
	sm_shown_text(name, text, sizeof text);
	if (!watching)
		return cli_failf("segment '%s' was removed or replaced while it was read; "
				 "inspect it again", text);
	if (!cli_opt.quiet)
		fprintf(stderr, "sharedmem inspect: segment '%s' was removed or replaced while "
				"it was read: reading it again\n", text);
	return SHOW_AGAIN;
}

static bool still_there(const char *name, const struct sm_segment_info *drawn)
{
	struct sm_segment_info now;
	return sm_segment_stat(name, &now) == 0 && sm_segment_info_same(&now, drawn);
}

/* Draw the segment stat'ed in info to out (with --json, on one line for
 * --watch: a line per refresh).  Returns 0 or the live state's -errno. */
static int draw(FILE *out, const struct sm_segment_info *info, bool hex, bool watching)
{
	int n = 0;
	struct sm_field *fields = header_fields(&info->header, &n);
	if (!fields)
		return -ENOMEM;
	struct cli_json j;
	struct cli_report rep = { NULL, out, 0 };
	if (cli_opt.json) {
		cj_init(&j, out);
		j.one_line = watching; /* a line per refresh */
		rep.j = &j;
		cj_object(&j, NULL);
		cli_info_json(&j, "segment", info);
		json_fields(&j, fields, n);
	} else {
		print_summary(out, info);
		print_fields(out, fields, n);
	}
	free(fields);
	int r = cli_live_state(info, &rep);
	if (hex) {
		if (cli_opt.json)
			json_hex(&j, (const unsigned char *)&info->header, sizeof info->header);
		else
			print_hex(out, (const unsigned char *)&info->header, sizeof info->header);
	}
	if (cli_opt.json)
		cj_end(&j);
	return r;
}

/* One picture of the segment, printed only if it is of one segment.
 * Returns an exit code, or SHOW_AGAIN. */
static int show(const char *name, bool hex, bool watching)
{
	struct sm_segment_info info;
	int r = sm_segment_stat(name, &info);
	if (r < 0)
		return cli_fail(r, name, NULL);
	if (info.status < 0) {
		if (hex && header_read(&info) && !cli_opt.json)
			print_hex(stdout, (const unsigned char *)&info.header, sizeof info.header);
		/* Why, in list's words: its kind's own check, or what stat says. */
		char shown[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)], reason[SM_INFO_REASON_SIZE];
		return cli_failf("segment '%s': %s", sm_shown_text(name, shown, sizeof shown),
				 sm_segment_info_reason(&info, reason, sizeof reason));
	}
	char *picture = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&picture, &len);
	if (!out)
		return cli_fail(-ENOMEM, name, NULL);
	r = draw(out, &info, hex, watching);
	if (fclose(out) != 0 && r == 0)
		r = -ENOMEM;
	if (!still_there(name, &info)) {
		free(picture);
		return replaced(name, watching);
	}
	fwrite(picture, 1, len, stdout);
	free(picture);
	fflush(stdout);
	if (r < 0)
		return cli_fail(r, name, "reading its live state");
	return CLI_OK;
}

/* One refresh of --watch: show() until it gets a picture of one segment
 * (or an error, or Ctrl+C). */
static int refresh(const char *name, bool hex)
{
	int r;
	while ((r = show(name, hex, true)) == SHOW_AGAIN)
		if (cli_interrupted)
			return CLI_OK;
	return r;
}

int cli_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "hex", no_argument, NULL, 'x' },
		{ "watch", no_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	bool hex = false, watch = false;
	long long count = 0;
	int c, r;
	while ((c = getopt_long(argc, argv, "hqxwc:", longopts, NULL)) != -1) {
		switch (c) {
		case 'x': hex = true; break;
		case 'w': watch = true; break;
		case 'c':
			if ((r = cli_parse_int(optarg, "--count", 1, 1000000000, &count)))
				return r;
			break;
		default:
			if ((r = cli_common_option(c, help)) >= 0)
				return r;
		}
	}
	const char *name;
	if ((r = cli_one_name(argc, argv, "segment", &name)))
		return r;
	if (count && !watch)
		return cli_usage("--count goes with --watch");
	if (!watch)
		return show(name, hex, false);

	cli_catch_signals();
	bool tty = isatty(STDOUT_FILENO);
	for (long long i = 0; !cli_interrupted && (!count || i < count); i++) {
		if (i > 0) {
			struct timespec one = { 1, 0 };
			nanosleep(&one, NULL); /* a signal cuts it short */
			if (cli_interrupted)
				break;
		}
		if (tty && !cli_opt.json)
			printf("\033[H\033[2J");
		if ((r = refresh(name, hex)) != CLI_OK)
			return r;
		if (!tty && !cli_opt.json)
			printf("\n");
		int err = cli_flush_stdout();
		if (err < 0)
			return cli_fail_stdout(err, name, NULL);
	}
	return CLI_OK;
}
