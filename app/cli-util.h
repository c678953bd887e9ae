/* cli-util.h — what every `sharedmem` subcommand shares: the command
 * table type, exit codes, error reporting, option helpers and
 * human-readable numbers (and, through cli-json.h and cli-parse.h, the
 * JSON writer and the reading of option values and names). */
#ifndef SM_CLI_UTIL_H
#define SM_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cli-json.h"
#include "cli-parse.h"

/* Exit codes of every subcommand. */
enum {
	CLI_OK    = 0, /* success */
	CLI_ERR   = 1, /* runtime error: the message says what and which segment */
	CLI_USAGE = 2, /* bad command line */
};

/* One subcommand (or one member of a group such as `ring put`).  fn gets
 * argv[0] = its own name; it returns an exit code. */
struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* Options given before the subcommand; subcommands may set them too. */
struct cli_globals {
	bool json;    /* --json: machine-readable output */
	bool quiet;   /* --quiet: no progress lines or notes on stderr */
};
extern struct cli_globals cli_opt;

/* The full name of the running command ("ring put"), for messages. */
void cli_set_command(const char *name);
const char *cli_command(void);
/* "sharedmem ring put": subcommands get it as argv[0], so getopt's own
 * messages name the command. */
char *cli_program(void);

/* Print "sharedmem CMD: [segment 'NAME': ]WHAT: <why>" to stderr, why
 * being sm_segment_error_text() (or, for a few errors, what stat adds);
 * returns CLI_ERR.  name and what may be NULL. */
int cli_fail(int err, const char *name, const char *what);
/* cli_fail() for a create of `name` (a channel, or one segment) with
 * these SM_CREATE_ flags: an -EEXIST names the file the create failed on,
 * the first in the way in the order a channel is made, and what would
 * remove it. */
int cli_fail_create(int err, const char *name, const char *what, bool channel, unsigned flags);
/* cli_fail_create() for what options sized: an -EFBIG (a segment over the
 * library's limits, or past the file size limit) or -ENOMEM also names
 * them, `sized_by` ("--nodes and --node-size"): the library's words alone
 * ("segment too large") do not say which of the numbers to change. */
int cli_fail_sized(int err, const char *name, const char *what, bool channel, unsigned flags,
		   const char *sized_by);
/* Print "sharedmem CMD: <message>" (printf-style) to stderr; CLI_ERR. */
int cli_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What became of a ring's name while we waited on its mapping: NULL
 * while the name still leads to it (or the ring was shut down: its own
 * calls say so, after the last message), "was removed", or "was replaced
 * by another segment".  Either way nobody can open this ring any more, so
 * nothing will ever arrive in it (or leave it).  One stat: ask after a
 * wait that timed out, not per message. */
struct sm_ring;
const char *cli_ring_gone(struct sm_ring *ring);
/* Open ring `name` to put messages into it or take them out: one of an
 * RPC channel's rings is refused, its messages being the channel's packets.
 * 0, or CLI_ERR after saying why (`what`, NULL or "open", names the step). */
int cli_open_message_ring(const char *name, const char *what, struct sm_ring **ring);
/* The same words for a result of sm_segment_still_named() or
 * sm_rpc_still_named(): "was removed" (-ENOENT), "was replaced by another
 * segment" (0), NULL otherwise (still named, or cannot be told). */
const char *cli_gone_text(int still_named);
/* Flush standard output: 0, or -errno when what was written could not be
 * (closed, full, a broken pipe with SIGPIPE ignored). */
int cli_flush_stdout(void);
/* The same with SIGPIPE ignored meanwhile: for a command that has made a
 * segment, so that a pipe nobody reads gives -EPIPE, and the command
 * removes what it made, instead of killing it with the segment left. */
int cli_flush_stdout_nosigpipe(void);
/* Before a command takes or makes what only its output would show (a
 * message taken from a ring, a call): standard output must be open for
 * writing.  0, or CLI_ERR after "segment 'NAME': standard output is
 * closed or read-only: `undone`" (e.g. "nothing read"). */
int cli_check_stdout_writable(const char *name, const char *undone);
/* For a command that reports on stdout what it has done (rm, gc, ring
 * recover): call first, so that a reader that left (| true) gives EPIPE
 * instead of a SIGPIPE that loses the report unsaid (exit 141). */
void cli_report_ignore_sigpipe(void);
/* At the end of such a command: flush standard output; a report that
 * could not be written is said on stderr with what was done (`done`,
 * e.g. "2 segments were removed"; `name` the segment or NULL), and the
 * status becomes CLI_ERR.  Returns the status. */
int cli_report_flushed(int status, const char *name, const char *done);
/* Say that writing standard output failed (err from cli_flush_stdout(),
 * `name` the segment or NULL, `lost` what that cost or NULL); CLI_ERR. */
int cli_fail_stdout(int err, const char *name, const char *lost);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t cli_now_ns(void);
/* "a" or "an" before `word`, by how it is said: "an array", "a ring", and
 * for a word without vowels, said letter by letter, "an rpc". */
const char *cli_article(const char *word);
/* The plural ending of a count's noun: "" for 1, "s" else ("%llu
 * message%s", n, cli_plural(n)). */
const char *cli_plural(unsigned long long n);
/* The one wording for a message that does not fit a ring node, into buf:
 * "a message of LEN bytes is larger than the ring's node size (NODE bytes)".
 * CLI_TOO_LARGE_SIZE bytes hold it whatever the numbers. */
enum { CLI_TOO_LARGE_SIZE = 128 };
void cli_too_large_text(char *buf, size_t size, uint64_t len, uint32_t node_size);
/* A usage error: the message, then a hint at --help; returns CLI_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The hint that ends every usage error, "Try 'sharedmem CMD --help'.",
 * alone: after getopt has said what was wrong.  Returns CLI_USAGE. */
int cli_usage_hint(void);

/* Run the member of `table` named by argv[1] (a group such as `ring`);
 * with no member, --help or an unknown one, prints the group's help. */
int cli_dispatch(const char *group, const struct cli_cmd *table, size_t n,
		 int argc, char **argv);
/* Print the table's names and summaries, indented. */
void cli_print_table(FILE *f, const struct cli_cmd *table, size_t n);

/* "12.34 M" style rates (plain SI, for messages/s); below 10 two
 * significant digits ("0.2", "2.5"), so a slow rate does not read 0. */
const char *cli_human_rate(double per_s, char *buf, size_t size);
/* A ratio of two rates ("17.48"): two decimals, or as many as its two
 * significant digits need ("0.0028"), so a small ratio does not read 0. */
const char *cli_ratio_text(double ratio, char *buf, size_t size);

/* ---- Untrusted text ------------------------------------------------------
 * Names, labels and process names come from files and processes anyone
 * may make; they never reach the terminal raw (sm_shown_text()). */

/* A segment's name as the CLI shows it (list, rm, errors): sm_shown_text(),
 * and the file named just "sm." (its name empty) as its path,
 * "/dev/shm/sm.", which no name can be mistaken for, as the workbench
 * shows it.  buf: SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX) bytes. */
const char *cli_shown_name(const char *name, char *buf, size_t size);
/* How many terminal columns sm_shown_text()'s output takes (one a character). */
int cli_text_width(const char *shown);

/* Set by SIGINT/SIGTERM once cli_catch_signals() was called; atomic, as
 * threads read it too (rpc serve's handlers). */
extern _Atomic int cli_interrupted;
void cli_catch_signals(void);
/* Run `handler` on SIGINT, SIGTERM and SIGHUP (what stops a command). */
void cli_on_stop_signals(void (*handler)(int));
/* Block (or unblock) those signals in the calling thread; threads started
 * meanwhile inherit the mask, so the signals reach the main thread. */
void cli_block_signals(bool block);
/* Wait until fd can be read (or is at its end, or broken) or a stop signal
 * comes, however close before the call it came: 0, or -EINTR (with
 * cli_interrupted set when a stop signal was caught; another signal's
 * handler may also end the wait), or -errno. */
int cli_wait_readable(int fd);
/* Sleep `ms` milliseconds (0: not at all), ended as cli_wait_readable()
 * is by a stop signal, also one that came while the caller kept the
 * signals blocked: 0, or -EINTR. */
int cli_pause_ms(unsigned ms);
/* read(2) of standard input that a stop signal ends (-1, errno EINTR)
 * even when it comes just before the call (cli_wait_readable()); one
 * that another signal broke off is read again. */
ssize_t cli_read_stdin(void *buf, size_t len);


/* ---- Subcommand options --------------------------------------------------
 * Every subcommand takes -h/--help, --json and --quiet (as the same
 * options before the command do); put CLI_COMMON_OPTIONS in
 * its getopt_long table and "hq" in its short options, and send each
 * option it does not handle itself to cli_common_option(). */
#define CLI_COMMON_OPTIONS                                                      \
	{ "help", no_argument, NULL, 'h' }, { "json", no_argument, NULL, 0x100 }, \
	{ "quiet", no_argument, NULL, 'q' }
/* Returns -1 to go on parsing, or the exit code to return at once (after
 * printing `help` for -h, or a hint for an unknown option). */
int cli_common_option(int c, const char *help);

#endif
