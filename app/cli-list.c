/* cli-list.c — `sharedmem list`: every library segment with its decoded
 * summary (sm_segment_list), and `sharedmem gc`: remove stale ones
 * (sm_segment_gc_report). */
#include "cli-list.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-util.h"
#include "cli-segment-info.h"
#include "sharedmem.h"

static const char list_help[] =
	"Usage: sharedmem list [--json]\n"
	"\n"
	"List every sharedmem segment on this machine (/dev/shm/sm.*): name, kind,\n"
	"size, owner pid and whether it is alive, mode, owner user, age, and the\n"
	"processes that have it mapped.  STATUS is 'ok', 'owner-dead' (a process\n"
	"still maps it), 'stale' (owner dead and nobody attached: 'sharedmem gc'\n"
	"removes it), 'unknown' (owner dead, no mapping seen, but a process of\n"
	"another user, whose mappings cannot be read, may have it mapped: gc keeps\n"
	"it; ATTACHED ends in '?'), 'closed' (owner closed it), 'initialising',\n"
	"'private' (another user's segment, which you may not read), or\n"
	"'broken: <why>' for a file that cannot be decoded.  Control characters\n"
	"and bytes that are not UTF-8 in names are shown as \\xHH; the file named\n"
	"just sm. (an empty name) as its path, /dev/shm/sm.\n"
	"\n"
	"Options:\n"
	"  --json      one JSON object {\"segments\": [...]}\n"
	"  -h, --help  show this help\n";

/* A row of the table, each cell as shown. */
enum list_col { COL_NAME, COL_KIND, COL_SIZE, COL_OWNER, COL_MODE, COL_USER, COL_AGE,
		COL_ATTACHED, COL_STATUS, N_COLS };
static const struct {
	const char *head;
	int min_width; /* the usual cells' width, so most tables look alike */
	bool right;    /* aligned right (numbers) */
} list_cols[N_COLS] = {
	{ "NAME", 4, false }, { "KIND", 7, false },   { "SIZE", 10, true },
	{ "OWNER", 14, false }, { "MODE", 10, false }, { "USER", 10, false },
	{ "AGE", 3, true },    { "ATTACHED", 12, false }, { "STATUS", 0, false },
};
struct list_row {
	char name[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
	char kind[16], size[24], owner[32], mode[12], user[32], age[SM_AGE_TEXT_SIZE];
	char attached[64], status[128];
};

static const char *row_cell(const struct list_row *r, enum list_col c)
{
	const char *cells[N_COLS] = { r->name, r->kind, r->size, r->owner, r->mode,
				      r->user, r->age, r->attached, r->status };
	return cells[c];
}

static void fill_row(struct list_row *r, const struct sm_segment_info *s)
{
	cli_shown_name(s->name, r->name, sizeof r->name);
	snprintf(r->kind, sizeof r->kind, "%s", s->status == 0 ? sm_kind_name(s->kind) : "?");
	sm_size_text(s->file_size, r->size, sizeof r->size);
	cli_info_owner(s, r->owner, sizeof r->owner);
	sm_mode_string(s->mode, r->mode);
	cli_user_name(s->uid, r->user, sizeof r->user);
	if (s->status == 0) /* "-" where its header was not read */
		cli_info_age(s, r->age, sizeof r->age);
	else
		snprintf(r->age, sizeof r->age, "-");
	cli_info_attached(s, r->attached, sizeof r->attached);
	cli_info_status(s, r->status, sizeof r->status);
}

/* One line: each cell padded to its column's width by what it takes on
 * screen (printf's %-*s pads by bytes); the last one not padded. */
static void print_line(const char *const cells[N_COLS], const int width[N_COLS])
{
	for (int c = 0; c < N_COLS; c++) {
		int pad = c == N_COLS - 1 ? 0 : width[c] - cli_text_width(cells[c]);
		if (list_cols[c].right)
			printf("%*s%s", pad, "", cells[c]);
		else
			printf("%s%*s", cells[c], pad, "");
		putchar(c == N_COLS - 1 ? '\n' : ' ');
	}
}

/* Every column as wide as its widest cell ("in the future" in AGE, a
 * long user name), so the rows line up whatever they hold. */
static int print_table(const struct sm_segment_info *infos, size_t n)
{
	struct list_row *rows = calloc(n ? n : 1, sizeof *rows);
	if (!rows)
		return cli_fail(-ENOMEM, NULL, "list");
	int width[N_COLS];
	const char *cells[N_COLS];
	for (int c = 0; c < N_COLS; c++) {
		cells[c] = list_cols[c].head;
		width[c] = list_cols[c].min_width;
	}
	for (size_t i = 0; i < n; i++) {
		fill_row(&rows[i], &infos[i]);
		for (int c = 0; c < N_COLS; c++) {
			int w = cli_text_width(row_cell(&rows[i], c));
			width[c] = w > width[c] ? w : width[c];
		}
	}
	print_line(cells, width);
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < N_COLS; c++)
			cells[c] = row_cell(&rows[i], c);
		print_line(cells, width);
	}
	if (n == 0)
		printf("(no segments)\n");
	free(rows);
	return CLI_OK;
}

int cli_list(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };
	int c, r;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1)
		if ((r = cli_common_option(c, list_help)) >= 0)
			return r;
	if (optind < argc)
		return cli_usage("unexpected argument '%s'", argv[optind]);

	struct sm_segment_info *infos;
	size_t n;
	r = sm_segment_list(&infos, &n);
	if (r < 0)
		return cli_fail(r, NULL, "cannot read " SM_SHM_DIR);
	if (cli_opt.json) {
		struct cli_json j;
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_array(&j, "segments");
		for (size_t i = 0; i < n; i++)
			cli_info_json(&j, NULL, &infos[i]);
		cj_end(&j);
		cj_end(&j);
		r = CLI_OK;
	} else {
		r = print_table(infos, n);
	}
	free(infos);
	return r;
}

/* ---- gc ----------------------------------------------------------------- */

static const char gc_help[] =
	"Usage: sharedmem gc [--dry-run] [--json]\n"
	"\n"
	"Remove stale segments: those whose owner process is dead and that no\n"
	"process has mapped.  Prints each name removed.  A segment that a process\n"
	"whose mappings cannot be read (another user's; root's are not counted)\n"
	"may have mapped is kept, and named with the pid that may map it; run gc\n"
	"as root to see every process.  A stale segment it may not remove (another\n"
	"user's: only a file's owner removes it from /dev/shm; or one whose file\n"
	"another process keeps locked) is named on stderr, and the exit status is 1.\n"
	"\n"
	"Options:\n"
	"  -n, --dry-run  only say what would be removed\n"
	"  --json         {\"dry_run\": BOOL, \"removed\": [NAME...], \"count\": N,\n"
	"                 \"kept\": [{\"name\", \"unknown_pid\"}...]}\n"
	"  -h, --help     show this help\n";

struct gc_out {
	struct cli_json *j;
	bool dry_run;
	int failed; /* stale segments it could not remove */
};

static void on_removed(const char *name, int err, void *user)
{
	struct gc_out *o = user;
	if (err == -EAGAIN) { /* (its sm_strerror() names every meaning of EAGAIN) */
		cli_failf("segment '%s': stale, but cannot remove it: another process keeps its "
			  "file locked", name);
		o->failed++;
	} else if (err) { /* one line each, on stderr; the exit status says it too */
		cli_fail(err, name, "stale, but cannot remove it");
		o->failed++;
	} else if (o->j)
		cj_str(o->j, NULL, name);
	else
		printf("%s %s\n", o->dry_run ? "would remove" : "removed", name);
}

/* Name the segments gc keeps because their attachment is unknown (owner
 * dead, no mapping seen, but a process whose maps cannot be read may map
 * them): in JSON under "kept", else one line each. */
static void report_kept(struct cli_json *j)
{
	struct sm_segment_info *infos;
	size_t n;
	if (sm_segment_list(&infos, &n) < 0)
		return; /* gc itself will say why */
	if (j)
		cj_array(j, "kept");
	for (size_t i = 0; i < n; i++) {
		const struct sm_segment_info *s = &infos[i];
		if (sm_segment_info_status(s) != SM_ENTRY_UNKNOWN)
			continue;
		if (j) {
			cj_object(j, NULL);
			cj_str(j, "name", s->name);
			cj_i64(j, "unknown_pid", s->unknown_pid);
			cj_end(j);
		} else {
			printf("kept %s: its owner is dead and no mapping of it was seen, but pid %d "
			       "may have it mapped and its mappings cannot be read\n", s->name,
			       (int)s->unknown_pid);
		}
	}
	if (j)
		cj_end(j);
	free(infos);
}

int cli_gc(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	bool dry_run = false;
	int c, r;
	while ((c = getopt_long(argc, argv, "hqn", longopts, NULL)) != -1) {
		if (c == 'n')
			dry_run = true;
		else if ((r = cli_common_option(c, gc_help)) >= 0)
			return r;
	}
	if (optind < argc)
		return cli_usage("unexpected argument '%s'", argv[optind]);

	cli_report_ignore_sigpipe();
	struct cli_json j;
	struct gc_out o = { NULL, dry_run, 0 };
	if (cli_opt.json) {
		o.j = &j;
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_bool(&j, "dry_run", dry_run);
	}
	report_kept(o.j);
	if (o.j)
		cj_array(&j, "removed");
	r = sm_segment_gc_report(dry_run, on_removed, &o);
	if (cli_opt.json) {
		cj_end(&j);
		cj_i64(&j, "count", r < 0 ? 0 : r);
		cj_end(&j);
	}
	if (r < 0)
		return cli_fail(r, NULL, "gc");
	if (!cli_opt.json && r == 0 && !o.failed)
		printf("no stale segments\n");
	char done[64];
	if (dry_run)
		snprintf(done, sizeof done, "nothing was removed (a dry run)");
	else
		snprintf(done, sizeof done, "%d stale segment%s removed", r,
			 r == 1 ? " was" : "s were");
	return cli_report_flushed(o.failed ? CLI_ERR : CLI_OK, NULL, done);
}
