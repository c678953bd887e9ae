/* cli-util.c — see cli-util.h. */
#include "cli-util.h"

#include <sharedmem/ring.h>

#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
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

/* ---- Parsing ------------------------------------------------------------ */

/* The binary suffix at *end (K, M, G; with `bytes`, also B and the KiB,
 * KB forms), stepped over: its shift, 0 for none, or -1 for one that is
 * not.  Sizes and counts read theirs here, so every option takes the same. */
static int suffix_shift(const char **end, bool bytes)
{
	const char *e = *end;
	int shift;
	if (!*e)
		return 0;
	switch (toupper((unsigned char)*e)) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'B': shift = bytes ? 0 : -1; break;
	default: shift = -1;
	}
	e++;
	if (bytes && shift > 0 && (strcmp(e, "iB") == 0 || strcmp(e, "B") == 0 ||
				   strcmp(e, "ib") == 0 || strcmp(e, "b") == 0))
		e += strlen(e);
	if (shift < 0 || *e)
		return -1;
	*end = e;
	return shift;
}

int cli_parse_size(const char *s, const char *what, uint64_t max, uint64_t *out)
{
	char *digits_end;
	errno = 0;
	if (!s || !isdigit((unsigned char)s[0]))
		return cli_usage("%s: '%s' is not a size (e.g. 64, 4K, 1MiB)", what, s ? s : "");
	unsigned long long v = strtoull(s, &digits_end, 10);
	const char *end = digits_end;
	int shift = suffix_shift(&end, true);
	if (shift < 0)
		return cli_usage("%s: '%s' is not a size (e.g. 64, 4K, 1MiB)", what, s);
	if (errno == ERANGE || (shift && v > (UINT64_MAX >> shift)))
		return cli_usage("%s: '%s' is too large (at most %llu)", what, s, (unsigned long long)max);
	uint64_t bytes = (uint64_t)v << shift;
	if (bytes > max)
		return cli_usage("%s: '%s' is too large (at most %llu)", what, s, (unsigned long long)max);
	*out = bytes;
	return 0;
}

/* A number as written: a digit first, or '-' and a digit (strtoll would
 * also skip blanks and take a '+', which a size refuses). */
static bool starts_as_number(const char *s)
{
	return s && isdigit((unsigned char)s[s[0] == '-']);
}

int cli_parse_int(const char *s, const char *what, long long min, long long max,
		  long long *out)
{
	char *digits_end;
	errno = 0;
	bool number = starts_as_number(s);
	long long v = number ? strtoll(s, &digits_end, 10) : 0;
	const char *end = number ? digits_end : s;
	int shift = number ? suffix_shift(&end, false) : -1;
	if (!number || (errno && errno != ERANGE) || shift < 0)
		return cli_usage("%s: '%s' is not a number", what, s ? s : "");
	if (errno == ERANGE || v > (LLONG_MAX >> shift) || v < (LLONG_MIN >> shift))
		return cli_usage("%s: '%s' is out of range (%lld..%lld)", what, s, min, max);
	v *= 1LL << shift;
	if (v < min || v > max)
		return cli_usage("%s: %lld is out of range (%lld..%lld)", what, v, min, max);
	*out = v;
	return 0;
}

#define CLI_PARSE_INTO(fn, type)                                                              \
	int fn(const char *s, const char *what, long long min, long long max, type *out)      \
	{                                                                                     \
		long long v = 0;                                                              \
		int r = cli_parse_int(s, what, min, max, &v);                                 \
		if (!r)                                                                       \
			*out = (type)v;                                                       \
		return r;                                                                     \
	}
CLI_PARSE_INTO(cli_parse_u32, uint32_t)
CLI_PARSE_INTO(cli_parse_i32, int32_t)
CLI_PARSE_INTO(cli_parse_u64, uint64_t)
#undef CLI_PARSE_INTO

int cli_parse_packet_size(const char *s, const char *what, uint32_t *out)
{
	uint64_t v;
	int r = cli_parse_size(s, what, SM_RPC_MAX_PACKET_SIZE, &v);
	if (!r && v < SM_RPC_MIN_PACKET_SIZE)
		r = cli_usage("%s: at least %u bytes", what, SM_RPC_MIN_PACKET_SIZE);
	if (!r)
		*out = (uint32_t)v;
	return r;
}

int cli_parse_timeout(const char *s, const char *what, int32_t *ms)
{
	return cli_parse_i32(s, what, -1, INT32_MAX, ms);
}

/* The length of the decimal number s starts with: digits, at most one
 * '.' among them, at least one digit; 0 if none.  (strtod would also skip
 * blanks and take a sign, an exponent, hex, "inf" and "nan".) */
static size_t decimal_length(const char *s)
{
	size_t n = strspn(s, "0123456789"), digits = n;
	if (s[n] == '.') {
		size_t fraction = strspn(s + n + 1, "0123456789");
		digits += fraction;
		n += 1 + fraction;
	}
	return digits ? n : 0;
}

int cli_parse_seconds(const char *s, const char *what, double max, double *out)
{
	size_t n = s ? decimal_length(s) : 0;
	char *end = NULL;
	double v = n ? strtod(s, &end) : -1;
	if (!n || end != s + n || (*end && strcmp(end, "s") != 0 && strcmp(end, "ms") != 0))
		return cli_usage("%s: '%s' is not a duration (e.g. 2, 2s, 500ms)", what, s ? s : "");
	if (strcmp(end, "ms") == 0)
		v /= 1000.0;
	if (!(v > 0) || v > max)
		return cli_usage("%s: '%s' is out of range (more than 0, at most %g)", what, s, max);
	*out = v;
	return 0;
}

int cli_parse_ring_mode(const char *s, unsigned *flags)
{
	for (unsigned f = 0; f <= (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER); f++)
		if (s && strcmp(s, sm_ring_mode_name(f)) == 0) {
			*flags = f;
			return 0;
		}
	return cli_usage("--ring-mode: '%s' is not mpmc, spsc, spmc or mpsc", s ? s : "");
}

int cli_parse_label(const char *s, const char **out)
{
	if (strlen(s) > SM_LABEL_MAX)
		return cli_usage("--label: at most %u bytes (this one has %zu)", SM_LABEL_MAX, strlen(s));
	*out = s;
	return 0;
}

int cli_parse_mode(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long m = s && *s ? strtoul(s, &end, 8) : 01000;
	if (!s || !*s || errno || *end || m > 0777)
		return cli_usage("--mode: '%s' is not an octal mode like 0600", s ? s : "");
	if (m == 0 || !sm_mode_valid((unsigned)m)) /* (0 would mean "the default" to the library) */
		return cli_usage("--mode %s: the owner must be able to read and write it (0600 at least)", s);
	*out = (unsigned)m;
	return 0;
}

int cli_one_name(int argc, char **argv, const char *what, const char **name)
{
	if (optind >= argc)
		return cli_usage("which %s? (NAME is missing)", what);
	if (optind + 1 < argc)
		return cli_usage("unexpected argument '%s'", argv[optind + 1]);
	*name = argv[optind];
	return cli_check_name(*name);
}

int cli_check_channel_name(const char *name)
{
	int r = cli_check_name(name);
	if (r == 0 && strlen(name) > SM_RPC_NAME_MAX) { /* (a valid name: no need to show it) */
		prefix();
		fprintf(stderr, "bad channel name '%s': longer than %u characters (its rings add "
			"\".c2s\" and \".s2c\")\n", name, SM_RPC_NAME_MAX);
		return CLI_USAGE;
	}
	return r;
}

int cli_check_name(const char *name)
{
	int r = sm_name_validate(name);
	if (r == 0)
		return 0;
	/* One line, as for every error about a segment (no --help hint); the
	 * name shown as list shows names, so that it stays one. */
	char shown[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
	sm_shown_text(name, shown, sizeof shown);
	prefix();
	if (r == -ENAMETOOLONG)
		fprintf(stderr, "bad segment name '%s': longer than %u characters\n", shown, SM_NAME_MAX);
	else
		fprintf(stderr, "bad segment name '%s': use 1..%u of A-Z a-z 0-9 . _ -, "
			"not starting with '.', without '..'\n", shown, SM_NAME_MAX);
	return CLI_USAGE;
}

/* ---- Human-readable numbers --------------------------------------------- */

const char *cli_human_rate(double v, char *buf, size_t size)
{
	static const char *const units[] = { "", " k", " M", " G", " T" };
	unsigned u = 0;
	while (v >= 1000.0 && u + 1 < sizeof units / sizeof units[0]) {
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
