/* cli-ring.c — `sharedmem ring put NAME` (from --data or stdin) and
 * `sharedmem ring get NAME` (to stdout), so shell scripts can use a ring;
 * `sharedmem ring recover NAME` reclaims nodes that dead processes hold. */
#include "cli-ring.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-ring-watch.h"
#include "cli-util.h"
#include "sharedmem.h"

static int cmd_put(int argc, char **argv);

/* One sm_ring_read() into dst (len bytes of room) or, when dst is NULL,
 * one sm_ring_write() of len bytes from src, within timeout_ms (< 0: no
 * limit), in one wait: the ring's watch (cli_ring_watch()) ends it when
 * the user interrupts or the ring's name is removed or taken.  -EINTR
 * when interrupted; -EIDRM, with *gone saying how (cli_ring_gone()), when
 * the name no longer leads to the ring. */
static ssize_t transfer(sm_ring *ring, void *dst, const void *src, size_t len,
			int32_t timeout_ms, const char **gone)
{
	ssize_t r = cli_interrupted ? -EINTR
		    : dst	    ? sm_ring_read(ring, dst, len, timeout_ms)
				    : sm_ring_write(ring, src, len, timeout_ms);
	if (r == -EINTR && (*gone = cli_ring_watch_gone()))
		return -EIDRM;
	return r;
}

/* Watch `ring` (cli_ring_watch()) or say why not: 0 or CLI_ERR. */
static int watch_ring(sm_ring *ring, const char *name, bool on_signals)
{
	int r = cli_ring_watch(ring, on_signals);
	if (r < 0) {
		sm_ring_close(ring);
		return cli_fail(r, name, "watch");
	}
	return 0;
}

static int cmd_get(int argc, char **argv);
static int cmd_recover(int argc, char **argv);

static const struct cli_cmd ring_cmds[] = {
	{ "put", cmd_put, "write messages into ring NAME (from --data or stdin)" },
	{ "get", cmd_get, "read messages from ring NAME to stdout" },
	{ "recover", cmd_recover, "reclaim nodes of ring NAME held by processes that died" },
};

int cli_ring(int argc, char **argv)
{
	return cli_dispatch("ring", ring_cmds, sizeof ring_cmds / sizeof ring_cmds[0], argc, argv);
}

static int open_ring(const char *name, sm_ring **ring)
{
	int r = sm_ring_open(ring, name, 0);
	return r < 0 ? cli_fail(r, name, NULL) : 0;
}

/* ---- put ---------------------------------------------------------------- */

static const char put_help[] =
	"Usage: sharedmem ring put NAME [--data TEXT]... [--lines] [OPTIONS]\n"
	"\n"
	"Write messages into ring NAME: each --data TEXT is one message; without\n"
	"--data, standard input is one message (or, with --lines, each line is one\n"
	"message, without its newline).  A message longer than the ring's node size\n"
	"is an error, never cut.  Blocks while the ring is full; gives up (exit 1)\n"
	"once the ring is removed, or replaced by another segment under its name.\n"
	"Interrupted (Ctrl+C, SIGTERM), it says how many messages went into the\n"
	"ring (with --json, on standard output too) and exits 1.\n"
	"One of an RPC channel's rings is refused: its messages are the channel's.\n"
	"\n"
	"Options:\n"
	"  -d, --data TEXT   a message (repeatable)\n"
	"  -l, --lines       stdin: one message per line\n"
	"  -t, --timeout MS  give up when the ring stays full this long (default -1: wait)\n"
	"  --json            {\"messages\": N, \"bytes\": N}: what went into the ring,\n"
	"                    also when it stops early (the error on stderr, exit 1)\n"
	"  -h, --help        show this help\n";

struct put_state {
	sm_ring *ring;
	const char *name;
	int timeout_ms;
	uint64_t messages, bytes;
	uint64_t total; /* messages asked for (--data, or 1: stdin), 0 when unknown (--lines) */
};

/* A put that failed, on one line: what went wrong, then, when some
 * messages went into the ring before that, how many (of how many).  An
 * interrupted one says it even for none, as an interrupted get does: the
 * user stopped it without knowing how far it had got. */
static int put_fail(const struct put_state *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int put_fail(const struct put_state *s, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (!s->messages && !cli_interrupted)
		return cli_failf("segment '%s': %s", s->name, what);
	char of[32] = "";
	if (s->total)
		snprintf(of, sizeof of, " of %llu", (unsigned long long)s->total);
	return cli_failf("segment '%s': %s after %llu%s message%s went into the ring", s->name, what,
			 (unsigned long long)s->messages, of,
			 cli_plural(s->total ? s->total : s->messages));
}

/* One message of len bytes (when len is over the node size, data may hold
 * fewer: it is refused without being read). */
static int put_one(struct put_state *s, const void *data, size_t len)
{
	const char *gone = NULL;
	/* (Interrupted first: a read of standard input that a signal cut
	 * short may leave a count over the node size.) */
	ssize_t r = cli_interrupted			  ? -EINTR
		    : len > sm_ring_node_size(s->ring) ? -EMSGSIZE
		    : transfer(s->ring, NULL, data, len, s->timeout_ms, &gone);
	if (r == -EIDRM)
		return put_fail(s, "the ring %s", gone);
	if (r == -EINTR)
		return put_fail(s, "interrupted");
	if (r == -EMSGSIZE) {
		char why[CLI_TOO_LARGE_SIZE];
		cli_too_large_text(why, sizeof why, len, sm_ring_node_size(s->ring));
		return put_fail(s, "%s", why);
	}
	if (r < 0)
		return put_fail(s, "write: %s", sm_strerror((int)r));
	s->messages++;
	s->bytes += len;
	return CLI_OK;
}

/* Standard input read for lines, through cli_read_stdin() (stdio's reads
 * would wait past a stop signal that came just before them). */
struct line_input {
	char buf[16384];
	size_t at, end;
};

/* More input into in: 1, 0 at its end, or -errno (-EINTR: interrupted). */
static int fill(struct line_input *in)
{
	ssize_t got = cli_read_stdin(in->buf, sizeof in->buf);
	if (got < 0)
		return -errno;
	in->at = 0;
	in->end = (size_t)got;
	return got > 0;
}

/* The next line of standard input, without its newline, into buf (cap
 * bytes): 1 with its length in *len (a longer line is read to its end and
 * only counted, so that no line takes more memory than a node), 0 at the
 * end of input, or -errno when it cannot be read. */
static int read_line(struct line_input *in, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	for (;;) {
		int r = in->at < in->end ? 1 : fill(in);
		if (r < 0)
			return r;
		if (r == 0) {
			*len = n;
			return n > 0;
		}
		const char *from = in->buf + in->at;
		const char *nl = memchr(from, '\n', in->end - in->at);
		size_t part = nl ? (size_t)(nl - from) : in->end - in->at;
		if (n < cap)
			memcpy(buf + n, from, part < cap - n ? part : cap - n);
		n += part;
		in->at += part + (nl != NULL);
		if (nl) {
			*len = n;
			return 1;
		}
	}
}

/* Standard input could not be read (err: -errno): a read that a stop
 * signal broke off is the put interrupted. */
static int put_read_failed(const struct put_state *s, int err)
{
	if (err == -EINTR && cli_interrupted)
		return put_fail(s, "interrupted");
	return put_fail(s, "reading standard input: %s", strerror(-err));
}

/* Standard input: all of it as one message, or one message per line. */
static int put_stdin(struct put_state *s, bool lines)
{
	size_t cap = (size_t)sm_ring_node_size(s->ring) + 2, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return cli_fail(-ENOMEM, s->name, NULL);
	int status = CLI_OK;
	if (lines) {
		struct line_input in = { .at = 0, .end = 0 };
		int got;
		while (status == CLI_OK && (got = read_line(&in, buf, cap, &n)) != 0) {
			if (got < 0)
				status = put_read_failed(s, got);
			else
				status = put_one(s, buf, n);
		}
	} else {
		ssize_t got;
		while ((got = cli_read_stdin(buf + n, cap - n)) != 0) {
			if (got < 0) {
				status = put_read_failed(s, -errno);
				break;
			}
			n += (size_t)got;
			if (n == cap) { /* more than a node: say so, with the real size */
				size_t more = n;
				char sink[65536];
				while ((got = cli_read_stdin(sink, sizeof sink)) > 0)
					more += (size_t)got;
				n = more;
				break;
			}
		}
		if (status == CLI_OK)
			status = put_one(s, buf, n);
	}
	free(buf);
	return status;
}

/* --json: what went into the ring, also when the put stopped early (as an
 * interrupted get ends its JSON): a script reading it learns how far it
 * got, the error being on stderr already.  Returns the status, CLI_ERR
 * when a count that is news could not be written out. */
static int put_report_json(const struct put_state *s, int status)
{
	struct cli_json j;
	cj_init(&j, stdout);
	cj_object(&j, NULL);
	cj_u64(&j, "messages", s->messages);
	cj_u64(&j, "bytes", s->bytes);
	cj_end(&j);
	if (status != CLI_OK) { /* (its stderr line says the count already) */
		cli_flush_stdout();
		return status;
	}
	char went[64];
	snprintf(went, sizeof went, "%llu message%s went into the ring",
		 (unsigned long long)s->messages, cli_plural(s->messages));
	return cli_report_flushed(status, s->name, went);
}

static int cmd_put(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "data", required_argument, NULL, 'd' },
		{ "lines", no_argument, NULL, 'l' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	bool lines = false;
	int n_data = 0;
	int32_t timeout = -1;
	int c, r;
	while ((c = getopt_long(argc, argv, "hqd:lt:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': n_data++; break;
		case 'l': lines = true; break;
		case 't':
			if ((r = cli_parse_timeout(optarg, "--timeout", &timeout)))
				return r;
			break;
		default:
			if ((r = cli_common_option(c, put_help)) >= 0)
				return r;
		}
	}
	struct put_state s = { NULL, NULL, timeout, 0, 0, lines ? 0 : n_data ? (uint64_t)n_data : 1 };
	if ((r = cli_one_name(argc, argv, "ring", &s.name)))
		return r; /* a message goes in --data */
	if (lines && n_data)
		return cli_usage("--lines reads standard input; it does not go with --data");
	if ((r = cli_open_message_ring(s.name, NULL, &s.ring)) ||
	    (r = watch_ring(s.ring, s.name, true)))
		return r;
	/* A reader of --json that left (| head -0): EPIPE, so that the count
	 * of what went in is said, rather than a SIGPIPE that loses it unsaid. */
	if (cli_opt.json)
		cli_report_ignore_sigpipe();

	int status = CLI_OK;
	if (n_data) {
		/* Second pass over the options, in order: first that every message
		 * fits (so that none goes in when one cannot), then the messages. */
		for (int pass = 0; pass < 2 && status == CLI_OK; pass++) {
			optind = 0;
			while (status == CLI_OK &&
			       (c = getopt_long(argc, argv, "hqd:lt:", longopts, NULL)) != -1) {
				if (c != 'd')
					continue;
				if (pass == 0 && strlen(optarg) > sm_ring_node_size(s.ring)) {
					char why[CLI_TOO_LARGE_SIZE];
					cli_too_large_text(why, sizeof why, strlen(optarg),
							   sm_ring_node_size(s.ring));
					status = cli_failf("segment '%s': %s: nothing written", s.name, why);
				} else if (pass == 1)
					status = put_one(&s, optarg, strlen(optarg));
			}
		}
	} else {
		status = put_stdin(&s, lines);
	}
	cli_ring_unwatch();
	sm_ring_close(s.ring);
	return cli_opt.json ? put_report_json(&s, status) : status;
}

/* ---- get ---------------------------------------------------------------- */

static const char get_help[] =
	"Usage: sharedmem ring get NAME [--count N | --all] [OPTIONS]\n"
	"\n"
	"Read messages from ring NAME and write them to standard output, byte for\n"
	"byte (with --lines, a newline after each).  By default reads one message,\n"
	"waiting for it.  Reading a message consumes it.  Interrupted (Ctrl+C,\n"
	"SIGTERM), it ends its output, says how many it read and exits 1; so it does\n"
	"when the ring is removed, or replaced by another segment under its name,\n"
	"while it waits (nothing could arrive there any more).  One of an RPC\n"
	"channel's rings is refused: its messages are the channel's.\n"
	"\n"
	"Options:\n"
	"  -c, --count N     read N messages\n"
	"  -a, --all         read every message there is now, then stop (none: exit 0)\n"
	"  -t, --timeout MS  wait at most MS for each message (default -1: wait)\n"
	"  -l, --lines       write a newline after each message\n"
	"  --json            {\"messages\": [{\"len\": N, \"data\": TEXT}...], \"count\": N}\n"
	"  -h, --help        show this help\n";

static int cmd_get(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "count", required_argument, NULL, 'c' },
		{ "all", no_argument, NULL, 'a' },
		{ "timeout", required_argument, NULL, 't' },
		{ "lines", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	long long count = 1;
	int32_t timeout = -1;
	bool all = false, lines = false, have_count = false, have_timeout = false;
	int c, r;
	while ((c = getopt_long(argc, argv, "hqc:at:l", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if ((r = cli_parse_int(optarg, "--count", 1, INT64_MAX, &count)))
				return r;
			have_count = true;
			break;
		case 'a': all = true; break;
		case 'l': lines = true; break;
		case 't':
			if ((r = cli_parse_timeout(optarg, "--timeout", &timeout)))
				return r;
			have_timeout = true;
			break;
		default:
			if ((r = cli_common_option(c, get_help)) >= 0)
				return r;
		}
	}
	const char *name;
	if ((r = cli_one_name(argc, argv, "ring", &name)))
		return r;
	if (all && have_count)
		return cli_usage("--all and --count do not go together");
	if (all && have_timeout)
		return cli_usage("--all and --timeout do not go together (--all does not wait)");
	if (lines && cli_opt.json)
		return cli_usage("--lines and --json do not go together");
	/* Nothing is taken from the ring when it could not be written out. */
	if ((r = cli_check_stdout_writable(name, "nothing read")))
		return r;
	sm_ring *ring;
	if ((r = cli_open_message_ring(name, NULL, &ring)))
		return r;
	/* An interrupted get still ends its JSON.  (--all does not wait.) */
	if (all)
		cli_catch_signals();
	else if ((r = watch_ring(ring, name, true)))
		return r;
	/* A reader that left (| head): EPIPE, so that the message taken for
	 * it is reported lost, rather than a SIGPIPE that loses it unsaid. */
	cli_report_ignore_sigpipe();

	size_t cap = sm_ring_node_size(ring);
	char *buf = malloc(cap ? cap : 1);
	if (!buf) {
		cli_ring_unwatch();
		sm_ring_close(ring);
		return cli_fail(-ENOMEM, name, NULL);
	}
	struct cli_json j;
	if (cli_opt.json) {
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_array(&j, "messages");
	}
	int status = CLI_OK;
	long long got = 0;
	if (all) {
		/* The messages there are now: producers that keep the ring full
		 * must not keep it reading for good. */
		struct sm_ring_snapshot snap;
		int err = sm_ring_snapshot(ring, &snap, NULL, 0);
		if (err < 0)
			status = cli_fail(err, name, "read");
		count = err < 0 || snap.read_claimed > snap.write_committed
				? 0
				: (long long)(snap.write_committed - snap.read_claimed);
	}
	while (got < count) {
		const char *gone = NULL;
		ssize_t len = transfer(ring, buf, NULL, cap, all ? 0 : timeout, &gone);
		if (all && len == -ETIMEDOUT)
			break;
		if (len == -EINTR || len == -EIDRM) {
			status = cli_failf("segment '%s': %s%s after %lld of %lld message%s", name,
					   gone ? "the ring " : "interrupted", gone ? gone : "", got, count,
					   cli_plural(count));
			break;
		}
		if (len < 0) {
			/* Part way, how far it got: the output alone does not tell. */
			status = got ? cli_failf("segment '%s': read: %s after %lld of %lld message%s",
						 name, sm_strerror((int)len), got, count,
						 cli_plural(count))
				     : cli_fail((int)len, name, "read");
			break;
		}
		got++;
		if (cli_opt.json) {
			cj_object(&j, NULL);
			cj_u64(&j, "len", (uint64_t)len);
			cj_strn(&j, "data", buf, (size_t)len);
			cj_end(&j);
		} else {
			fwrite(buf, 1, (size_t)len, stdout);
			if (lines)
				putchar('\n');
		}
		int err = cli_flush_stdout();
		if (err < 0) {
			status = cli_fail_stdout(err, name, "the message just read is lost");
			break;
		}
	}
	if (cli_opt.json) {
		cj_end(&j);
		cj_i64(&j, "count", got);
		cj_end(&j);
	}
	free(buf);
	cli_ring_unwatch();
	sm_ring_close(ring);
	return status;
}

/* ---- recover ------------------------------------------------------------ */

static const char recover_help[] =
	"Usage: sharedmem ring recover NAME [--json]\n"
	"\n"
	"Reclaim the nodes of ring NAME held by processes that died: a dead\n"
	"producer's node is marked abandoned (consumers skip it), a dead consumer's\n"
	"is freed and its message counted lost.  Readers and writers do this\n"
	"themselves when they reach such a node; this does it now, e.g. to see the\n"
	"ring's state before anyone does.  Live holders are left alone.\n"
	"\n"
	"Options:\n"
	"  --json      {\"reclaimed\": N, \"abandoned\": N, \"lost\": N} (the last two:\n"
	"              the ring's totals)\n"
	"  -h, --help  show this help\n";

static int cmd_recover(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, r;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1)
		if ((r = cli_common_option(c, recover_help)) >= 0)
			return r;
	const char *name;
	if ((r = cli_one_name(argc, argv, "ring", &name)))
		return r;
	cli_report_ignore_sigpipe();
	sm_ring *ring;
	if ((r = open_ring(name, &ring)))
		return r;
	int reclaimed = sm_ring_recover(ring);
	struct sm_ring_snapshot snap;
	if (reclaimed >= 0)
		r = sm_ring_snapshot(ring, &snap, NULL, 0);
	sm_ring_close(ring);
	if (reclaimed < 0 || r < 0)
		return cli_fail(reclaimed < 0 ? reclaimed : r, name, "recover");
	if (cli_opt.json) {
		struct cli_json j;
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_i64(&j, "reclaimed", reclaimed);
		cj_u64(&j, "abandoned", snap.abandoned);
		cj_u64(&j, "lost", snap.lost);
		cj_end(&j);
	} else {
		printf("%d node%s reclaimed (the ring's totals: %llu abandoned, %llu lost)\n",
		       reclaimed, cli_plural(reclaimed), (unsigned long long)snap.abandoned,
		       (unsigned long long)snap.lost);
	}
	char done[64];
	snprintf(done, sizeof done, "%d node%s reclaimed", reclaimed,
		 reclaimed == 1 ? " was" : "s were");
	return cli_report_flushed(CLI_OK, name, done);
}
