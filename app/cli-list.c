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

/* The NAME column's width: the longest name as shown. */
static int name_width(const struct sm_segment_info *infos, size_t n)
{
	int w = 4;
	char name[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
	for (size_t i = 0; i < n; i++) {
		int wi = cli_text_width(cli_shown_name(infos[i].name, name, sizeof name));
		w = wi > w ? wi : w;
	}
	return w;
}

/* A row's AGE: "-" where its header was not read. */
static const char *row_age(const struct sm_segment_info *s, char *buf, size_t size)
{
	if (s->status != 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	return cli_info_age(s, buf, size);
}

/* The AGE column's width: the longest age shown ("in the future" is
 * wider than any "3m12s"). */
static int age_width(char (*ages)[SM_AGE_TEXT_SIZE], size_t n)
{
	int w = 3;
	for (size_t i = 0; i < n; i++) {
		int wi = (int)strlen(ages[i]);
		w = wi > w ? wi : w;
	}
	return w;
}

static int print_table(const struct sm_segment_info *infos, size_t n)
{
	/* The ages are read once, so the width is the one of the texts printed. */
	char (*ages)[SM_AGE_TEXT_SIZE] = calloc(n ? n : 1, sizeof *ages);
	if (!ages)
		return cli_fail(-ENOMEM, NULL, "list");
	for (size_t i = 0; i < n; i++)
		row_age(&infos[i], ages[i], sizeof ages[i]);
	int w = name_width(infos, n), aw = age_width(ages, n);
	printf("%-*s %-7s %10s %-14s %-10s %-10s %*s %-12s %s\n", w, "NAME", "KIND", "SIZE",
	       "OWNER", "MODE", "USER", aw, "AGE", "ATTACHED", "STATUS");
	for (size_t i = 0; i < n; i++) {
		const struct sm_segment_info *s = &infos[i];
		char name[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
		char size[24], owner[32], mode[12], user[32], attached[64], status[128];
		cli_shown_name(s->name, name, sizeof name);
		sm_size_text(s->file_size, size, sizeof size);
		cli_info_owner(s, owner, sizeof owner);
		sm_mode_string(s->mode, mode);
		cli_user_name(s->uid, user, sizeof user);
		cli_info_attached(s, attached, sizeof attached);
		cli_info_status(s, status, sizeof status);
		/* %-*s pads by bytes: pad by what the name takes on screen. */
		printf("%s%*s %-7s %10s %-14s %-10s %-10s %*s %-12s %s\n", name,
		       w - cli_text_width(name), "",
		       s->status == 0 ? sm_kind_name(s->kind) : "?", size, owner, mode, user, aw,
		       ages[i], attached, status);
	}
	if (n == 0)
		printf("(no segments)\n");
	free(ages);
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
	return o.failed ? CLI_ERR : CLI_OK;
}
