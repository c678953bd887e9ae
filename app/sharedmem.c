/* sharedmem — the command-line tool: global options, then one subcommand
 * from the table below.  Each subcommand lives in its own app/cli-*.c; to
 * add one, include its header and add a line to `commands`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli-util.h"
#include "cli-list.h"
#include "cli-create.h"
#include "cli-ring.h"
#include "cli-rpc.h"
#include "cli-bench.h"
#include "cli-inspect.h"
#include "cli-traffic.h"

static int cmd_help(int argc, char **argv);

static const struct cli_cmd commands[] = {
	{ "list",    cli_list,    "list every sharedmem segment on this machine" },
	{ "inspect", cli_inspect, "decode a segment's header and live state" },
	{ "create",  cli_create,  "create a buffer, array, ring or rpc segment" },
	{ "rm",      cli_rm,      "remove a segment by name" },
	{ "gc",      cli_gc,      "remove stale segments (owner dead, nobody attached)" },
	{ "ring",    cli_ring,    "put messages into a ring or get them out" },
	{ "rpc",     cli_rpc,     "serve an RPC channel (echo, add, sleep) or call it" },
	{ "bench",   cli_bench,   "benchmarks: ring, rpc, and compare against the alternatives" },
	{ "traffic", cli_traffic, "stamped, verified producers and consumers on a ring" },
	{ "help",    cmd_help,    "show this help, or a subcommand's" },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: sharedmem [--json] [--quiet] COMMAND [ARGS]\n"
		"\n"
		"Inspect, drive and benchmark sharedmem shared-memory segments.\n"
		"\n"
		"Commands:\n");
	cli_print_table(f, commands, N_COMMANDS);
	fprintf(f,
		"\n"
		"Global options:\n"
		"  --json       print data as JSON (every command that prints data)\n"
		"  -q, --quiet  no progress lines or notes on stderr\n"
		"  -h, --help   show this help (--help COMMAND: that command's)\n"
		"  --version    show the version\n"
		"\n"
		"'sharedmem COMMAND --help' describes each command.  Sizes and counts take\n"
		"K, M, G suffixes (binary): 4K = 4096.  Exit status: 0 success, 1 runtime\n"
		"error, 2 usage error.\n");
}

static const struct cli_cmd *find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Whether c's members are subcommands (cli_dispatch()). */
static bool is_group(const struct cli_cmd *c)
{
	return c->fn == cli_ring || c->fn == cli_rpc || c->fn == cli_bench || c->fn == cli_traffic;
}

static int cmd_help(int argc, char **argv)
{
	/* `help`, and help about help, is this help. */
	bool self = argc >= 2 && (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
				  strcmp(argv[1], "-h") == 0);
	const struct cli_cmd *c = argc >= 2 && !self ? find(argv[1]) : NULL;
	if (argc >= 2 && !self && !c)
		return cli_usage("no command '%s'", argv[1]);
	/* A word past COMMAND [SUBCOMMAND] names nothing (the command
	 * would take it for an argument and print its help all the same). */
	int words = c && is_group(c) ? 2 : 1;
	if (argc > words + 1)
		return cli_usage("'%s%s%s' has no subcommand '%s'", argv[1], words > 1 ? " " : "",
				 words > 1 ? argv[2] : "", argv[words + 1]);
	if (argc < 2 || self) {
		usage(stdout);
		return CLI_OK;
	}
	/* `help CMD [SUB]...` runs `CMD [SUB]... --help`: a group's member
	 * gives its own help, an unknown member the group's usage error.
	 * argv[1] becomes argv[0] and "--help" takes the freed last slot. */
	cli_set_command(c->name);
	memmove(argv + 1, argv + 2, (size_t)(argc - 2) * sizeof *argv);
	argv[0] = cli_program();
	argv[argc - 1] = "--help";
	return c->fn(argc, argv);
}

/* The exit status once standard output is out: a write that failed is
 * an error (--version >/dev/full too). */
static int flushed(int status)
{
	int err = cli_flush_stdout();
	if (err < 0 && status == CLI_OK)
		status = cli_fail_stdout(err, NULL, NULL);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, asked = 0; /* the first of --help and --version */
	argv[0] = cli_program(); /* getopt's messages say "sharedmem", not the path */
	/* '+': stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': cli_opt.json = true; break;
		case 'q': cli_opt.quiet = true; break;
		case 'h': case 'V': asked = asked ? asked : c; break;
		default: return cli_usage_hint();
		}
	}
	/* The words after them are not dropped: --help COMMAND is `help
	 * COMMAND` (argv[optind - 1], an option, stands for its argv[0]). */
	if (asked == 'h') {
		int first = optind;
		optind = 0; /* GNU getopt: start afresh for the command's --help */
		return flushed(cmd_help(argc - first + 1, argv + first - 1));
	}
	if (asked == 'V') {
		if (optind < argc)
			return cli_usage("--version takes no arguments ('%s')", argv[optind]);
		printf("sharedmem %s\n", SM_VERSION);
		return flushed(CLI_OK);
	}
	if (optind >= argc) {
		usage(stderr);
		return CLI_USAGE;
	}
	const struct cli_cmd *cmd = find(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "sharedmem: unknown command '%s'\nTry 'sharedmem --help'.\n",
			argv[optind]);
		return CLI_USAGE;
	}
	cli_set_command(cmd->name);
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	sub_argv[0] = cli_program();
	optind = 0; /* GNU getopt: start afresh for the subcommand */
	return flushed(cmd->fn(sub_argc, sub_argv));
}
