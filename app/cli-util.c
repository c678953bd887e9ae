/* cli-util.c — see cli-util.h. */
#include "cli-util.h"

#include <sharedmem/ring.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sharedmem.h"

struct cli_globals cli_opt;
_Atomic int cli_interrupted;

static char command[64] = "";
static char program[80] = "sharedmem";

void cli_set_command(const char *name)
{
	snprintf(command, sizeof command, "%s", name);
	snprintf(program, sizeof program, "sharedmem %s", name);
}

char *cli_program(void)
{
	return program;
}

const char *cli_command(void)
{
	return command;
}

static void prefix(void)
{
	fprintf(stderr, "sharedmem%s%s: ", command[0] ? " " : "", command);
}

uint64_t cli_now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

const char *cli_article(const char *word)
{
	/* A word without vowels is said letter by letter: then "an" goes
	 * before the letters whose names start with a vowel sound (ef, aitch,
	 * el, em, en, ar, ess, ex). */
	const char *sounds_vowel = strpbrk(word, "aeiouyAEIOUY") ? "aeiouAEIOU"
								  : "aefhilmnorsxAEFHILMNORSX";
	return word[0] && strchr(sounds_vowel, word[0]) ? "an" : "a";
}

const char *cli_plural(unsigned long long n)
{
	return n == 1 ? "" : "s";
}

void cli_too_large_text(char *buf, size_t size, uint64_t len, uint32_t node_size)
{
	snprintf(buf, size, "a message of %llu bytes is larger than the ring's node size (%u bytes)",
		 (unsigned long long)len, node_size);
}

int cli_flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	int err = errno ? errno : EIO;
	clearerr(stdout);
	return -err;
}

int cli_flush_stdout_nosigpipe(void)
{
	struct sigaction ign, old;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	int err = cli_flush_stdout();
	sigaction(SIGPIPE, &old, NULL);
	return err;
}

int cli_check_stdout_writable(const char *name, const char *undone)
{
	int flags = fcntl(STDOUT_FILENO, F_GETFL);
	if (flags >= 0 && (flags & O_ACCMODE) != O_RDONLY)
		return 0;
	return cli_failf("segment '%s': standard output is closed or read-only: %s", name, undone);
}

void cli_report_ignore_sigpipe(void)
{
	signal(SIGPIPE, SIG_IGN);
}

int cli_report_flushed(int status, const char *name, const char *done)
{
	int err = cli_flush_stdout();
	return err < 0 ? cli_fail_stdout(err, name, done) : status;
}

int cli_fail_stdout(int err, const char *name, const char *lost)
{
	if (name)
		return cli_failf("segment '%s': writing standard output: %s%s%s", name, strerror(-err),
				 lost ? "; " : "", lost ? lost : "");
	return cli_failf("writing standard output: %s%s%s", strerror(-err), lost ? "; " : "",
			 lost ? lost : "");
}

/* Why -EEXIST: the segment in the way and whether its owner lives (for
 * --replace-stale), or the file in the way that is not a segment (which
 * nothing but 'rm --force' replaces). */
static void say_existing(const char *name, const char *taken, const struct sm_segment_info *info)
{
	char shown[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)], reason[SM_INFO_REASON_SIZE];
	if (info->status != 0) {
		sm_segment_info_reason(info, reason, sizeof reason);
		sm_shown_text(taken, shown, sizeof shown);
		if (taken == name)
			fprintf(stderr, "a file of that name exists that is not a segment (%s): ", reason);
		else
			fprintf(stderr, "its ring '%s' exists but is not a segment (%s): ", shown, reason);
		fprintf(stderr, "'sharedmem rm --force %s' removes it\n", shown);
		return;
	}
	if (taken == name)
		fputs(sm_strerror(-EEXIST), stderr);
	else
		fprintf(stderr, "its ring '%s' exists", taken);
	fprintf(stderr, " (%s)\n", info->owner_alive ? "and its owner is alive" :
			 "its owner is dead: --replace-stale replaces it");
}

int cli_fail(int err, const char *name, const char *what)
{
	/* (a name a channel's rings fit: an -EEXIST may be about them) */
	return cli_fail_create(err, name, what, name && strlen(name) <= SM_RPC_NAME_MAX, 0);
}

/* A failure's line up to its cause: "sharedmem CMD: segment 'NAME': WHAT: ". */
static void fail_subject(const char *name, const char *what)
{
	prefix();
	if (name) { /* (rm --force takes any file's name) */
		char shown[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
		fprintf(stderr, "segment '%s': ", cli_shown_name(name, shown, sizeof shown));
	}
	if (what)
		fprintf(stderr, "%s: ", what);
}

int cli_fail_create(int err, const char *name, const char *what, bool channel, unsigned flags)
{
	fail_subject(name, what);
	struct sm_segment_info info;
	char ring[SM_NAME_MAX + 1];
	const char *taken = NULL;
	if (err == -SM_EABANDONED && name && sm_segment_stat(name, &info) == 0 && info.status == 0)
		fprintf(stderr, "never finished: its creator, pid %d, died before publishing it "
			"(it will never be ready; 'sharedmem rm' removes it)\n", (int)info.owner_pid);
	else if (err == -SM_EWRONGKIND && name && sm_segment_stat(name, &info) == 0 && info.status == 0)
		fprintf(stderr, "%s (it is %s %s)\n", sm_strerror(err),
			cli_article(sm_kind_name(info.kind)), sm_kind_name(info.kind));
	else if (err == -EEXIST && name &&
		 (taken = sm_segment_create_blocker(name, channel, flags, ring, sizeof ring, &info)))
		say_existing(name, taken, &info);
	else {
		char reason[SM_INFO_REASON_SIZE];
		fprintf(stderr, "%s\n", sm_segment_error_text(name, err, reason, sizeof reason));
	}
	return CLI_ERR;
}

int cli_fail_sized(int err, const char *name, const char *what, bool channel, unsigned flags,
		   const char *sized_by)
{
	if (err != -EFBIG && err != -ENOMEM)
		return cli_fail_create(err, name, what, channel, flags);
	fail_subject(name, what);
	fprintf(stderr, "%s (sized by %s)\n", sm_strerror(err), sized_by);
	return CLI_ERR;
}

int cli_failf(const char *fmt, ...)
{
	va_list ap;
	prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_ERR;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return cli_usage_hint();
}

int cli_usage_hint(void)
{
	fprintf(stderr, "Try 'sharedmem %s%s--help'.\n", command, command[0] ? " " : "");
	return CLI_USAGE;
}

void cli_print_table(FILE *f, const struct cli_cmd *table, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", table[i].name, table[i].summary);
}

int cli_dispatch(const char *group, const struct cli_cmd *table, size_t n,
		 int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (sub && sub[0] != '-') {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(sub, table[i].name) == 0) {
				char full[64];
				snprintf(full, sizeof full, "%s %s", group, sub);
				cli_set_command(full);
				argv[1] = cli_program();
				return table[i].fn(argc - 1, argv + 1);
			}
		}
	}
	bool help = sub && (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0);
	if (sub && !help) {
		fprintf(stderr, "sharedmem %s: unknown %s '%s'\nTry 'sharedmem %s --help'.\n", group,
			sub[0] == '-' ? "option" : "subcommand", sub, group);
		return CLI_USAGE;
	}
	FILE *f = help ? stdout : stderr;
	if (!sub)
		fprintf(f, "sharedmem %s: a subcommand is needed\n", group);
	fprintf(f, "Usage: sharedmem %s SUBCOMMAND [OPTIONS]\n\nSubcommands:\n", group);
	cli_print_table(f, table, n);
	fprintf(f, "\n'sharedmem %s SUBCOMMAND --help' describes each.\n", group);
	return help ? CLI_OK : CLI_USAGE;
}

/* ---- Human-readable numbers --------------------------------------------- */

const char *cli_human_rate(double v, char *buf, size_t size)
{
	static const char *const units[] = { "", " k", " M", " G", " T" };
	unsigned u = 0;
	/* On to the next unit from where the figure would round to 1000
	 * ("%.0f" below a unit, "%.2f" in one): 999999.7 is "1.00 M". */
	while (v >= (u ? 999.995 : 999.5) && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1000.0;
		u++;
	}
	if (u)
		snprintf(buf, size, "%.2f%s", v, units[u]);
	else if (v > 0 && v < 0.0001)
		snprintf(buf, size, "< 0.0001"); /* (%g's exponent form below that) */
	else if (v < 10)
		snprintf(buf, size, "%.2g", v); /* a slow rate is no "0": 0.2, 2.5 */
	else
		snprintf(buf, size, "%.0f", v);
	return buf;
}

const char *cli_ratio_text(double ratio, char *buf, size_t size)
{
	int decimals = 2;
	/* (0.095 and up round to 0.10: two significant digits already) */
	for (double v = ratio; v > 0 && v < 0.095 && decimals < 12; v *= 10)
		decimals++;
	snprintf(buf, size, "%.*f", decimals, ratio);
	return buf;
}

/* ---- Untrusted text ------------------------------------------------------ */

const char *cli_shown_name(const char *name, char *buf, size_t size)
{
	if (name && !*name) {
		snprintf(buf, size, "%s", SM_SHM_DIR "/" SM_FILE_PREFIX);
		return buf;
	}
	return sm_shown_text(name, buf, size);
}

int cli_text_width(const char *shown)
{
	int w = 0;
	for (const unsigned char *s = (const unsigned char *)shown; *s; s++)
		w += (*s & 0xc0) != 0x80; /* not a continuation byte */
	return w;
}

/* ---- Signals ------------------------------------------------------------ */

static void on_signal(int sig)
{
	(void)sig;
	cli_interrupted = 1;
}

static const int stop_signal_list[] = { SIGINT, SIGTERM, SIGHUP };

static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof stop_signal_list / sizeof stop_signal_list[0]; i++)
		sigaddset(set, stop_signal_list[i]);
}

void cli_block_signals(bool block)
{
	sigset_t set;
	stop_signals(&set);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* ppoll() on `n` fds, up to `timeout` (NULL: no limit), ended by a stop
 * signal however close before the call it came: the ppoll() result, or
 * -EINTR (-errno on another error). */
static int poll_or_stop(struct pollfd *p, nfds_t n, const struct timespec *timeout)
{
	/* A handler only sets cli_interrupted: a signal between a look at it
	 * and a blocking call would leave the call waiting (until more input
	 * or another signal).  So the signals are blocked while it is looked
	 * at and unblocked only inside ppoll(), atomically: one that came in
	 * between is pending there and ends the wait at once. */
	sigset_t stop, was, inside;
	stop_signals(&stop);
	pthread_sigmask(SIG_BLOCK, &stop, &was);
	/* Inside: the mask as it was, less the stop signals (a caller may
	 * keep them blocked but for these waits: rpc call). */
	inside = was;
	for (size_t i = 0; i < sizeof stop_signal_list / sizeof stop_signal_list[0]; i++)
		sigdelset(&inside, stop_signal_list[i]);
	int r = cli_interrupted ? -EINTR : ppoll(p, n, timeout, &inside);
	if (r == -1)
		r = -errno;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	return r;
}

int cli_wait_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll_or_stop(&p, 1, NULL);
	return r < 0 ? r : 0;
}

ssize_t cli_read_stdin(void *buf, size_t len)
{
	for (;;) {
		int r = cli_wait_readable(STDIN_FILENO);
		ssize_t got = -1;
		if (r < 0)
			errno = -r;
		else
			got = read(STDIN_FILENO, buf, len);
		if (got >= 0 || errno != EINTR || cli_interrupted)
			return got;
	}
}

int cli_pause_ms(unsigned ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000 };
	int r = poll_or_stop(NULL, 0, &t);
	return r < 0 ? r : 0;
}

void cli_on_stop_signals(void (*handler)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void cli_catch_signals(void)
{
	cli_on_stop_signals(on_signal);
}

/* ---- Subcommand options ------------------------------------------------- */

int cli_common_option(int c, const char *help)
{
	switch (c) {
	case 'h':
		fputs(help, stdout);
		return CLI_OK;
	case 0x100:
		cli_opt.json = true;
		return -1;
	case 'q':
		cli_opt.quiet = true;
		return -1;
	default:
		return cli_usage_hint();
	}
}

const char *cli_gone_text(int still_named)
{
	return still_named == -ENOENT ? "was removed" :
	       still_named == 0       ? "was replaced by another segment" : NULL;
}

int cli_open_message_ring(const char *name, const char *what, sm_ring **ring)
{
	if (sm_rpc_is_channel_ring(name))
		return cli_failf("segment '%s': one of RPC channel '%.*s''s rings (use 'sharedmem "
				 "rpc call')", name, (int)(strlen(name) - strlen(SM_RPC_C2S_SUFFIX)),
				 name);
	int r = sm_ring_open(ring, name, 0);
	return r < 0 ? cli_fail(r, name, what) : 0;
}

const char *cli_ring_gone(sm_ring *ring)
{
	sm_segment *seg = sm_ring_segment(ring);
	/* The name first, then the shutdown flag: an owner's close marks the
	 * ring shut down before it removes the name, so a name found gone by
	 * a normal close is always seen shut down here.  Asked the other way
	 * round, a close between the two would pass for a removal. */
	const char *gone = cli_gone_text(sm_segment_still_named(seg));
	return gone && !sm_segment_is_shutdown(seg) ? gone : NULL;
}
