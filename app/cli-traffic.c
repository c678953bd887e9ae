/* cli-traffic.c — `sharedmem traffic produce NAME` and `sharedmem traffic
 * consume NAME`: producers stamp each message (producer id, sequence
 * number, checksum: sharedmem/traffic.h), consumers verify each one and
 * print a JSON progress line about every 100 ms:
 *   {"received":N,"lost":N,"duplicated":N,"reordered":N,"corrupted":N,"bytes":N}
 * and at exit a last one that adds "final":true and "tallies":[[producer id,
 * received, sum of sequence numbers, one past the highest],...]; a producer prints
 * {"producer":ID,"sent":N} at exit.  With those, the workbench verifies the
 * traffic across several consumers (sm_traffic_merge).  Both run until
 * interrupted (SIGINT/SIGTERM), --count is reached, or the ring's owner
 * shuts it down; or, failing, until its name is removed or taken by
 * another segment while they wait. */
#include "cli-traffic.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-ring-watch.h"
#include "cli-util.h"
#include "sharedmem.h"
#include "sharedmem/traffic.h"

#define PROGRESS_NS   (100 * 1000000ull)
#define WAVE_PERIOD_S 8.0
#define CATCH_UP_S    0.02 /* pacing: at most this much of the rate owed */
#define MAX_PRODUCERS 65536u /* producer ids 0..65535 */

static const char produce_help[] =
	"Usage: sharedmem traffic produce NAME [OPTIONS]\n"
	"\n"
	"Write stamped messages (producer id, sequence number, checksum) to ring\n"
	"NAME until interrupted, --count is reached or the ring shuts down; then\n"
	"print {\"producer\":ID,\"sent\":N}.  Exit status 1 if the ring's name is\n"
	"removed or taken by another segment while it waits for room, or if that\n"
	"line cannot be written (a reader that left, as with | head: the count is\n"
	"then said on standard error).\n"
	"\n"
	"Options:\n"
	"  --id N           producer id stamped in each message, 0..65535 (default 0)\n"
	"  --size BYTES     message size (default 64, or the node size if smaller;\n"
	"                   at least the stamp's size)\n"
	"  --rate R         at most R messages per second (default 0: as fast as possible)\n"
	"  --wave           vary the rate between 0 and 2R over 8 s (demos; needs --rate)\n"
	"  --count N        stop after N messages\n"
	"  --die-mid-write  reserve one node, print {\"reserved\":POSITION}, and wait\n"
	"                   to be killed without committing it (crash demos)\n"
	"  -h, --help       show this help\n";

static const char consume_help[] =
	"Usage: sharedmem traffic consume NAME [OPTIONS]\n"
	"\n"
	"Read messages from ring NAME and verify each one's stamp; print a JSON\n"
	"line about every 100 ms:\n"
	"  {\"received\":N,\"lost\":N,\"duplicated\":N,\"reordered\":N,\"corrupted\":N,\"bytes\":N}\n"
	"and at exit a last line that adds \"final\":true and \"tallies\":[[PRODUCER,\n"
	"RECEIVED,SEQUENCE_SUM,NEXT],...] (to check several consumers' traffic\n"
	"together; NEXT is one past the highest sequence number seen).\n"
	"lost counts gaps in each producer's sequence numbers after the first\n"
	"message seen from it, when this is the ring's only consumer (--sole);\n"
	"with several consumers each sees only part of each sequence.\n"
	"Exit status 1 if the ring's name is removed or taken by another segment\n"
	"while it waits for messages (after the final line), or if standard output\n"
	"cannot be written (a reader that left, as with | head): it then stops\n"
	"reading the ring at once.\n"
	"\n"
	"Options:\n"
	"  --rate R         read at most R messages per second (default: no limit)\n"
	"  --count N        stop after N messages\n"
	"  --sole           this is the ring's only consumer: count gaps as lost\n"
	"  -h, --help       show this help\n";

/* After a wait that was interrupted: if it was for the ring's name being
 * gone (cli_ring_watch_gone()), say so, with how many messages went
 * through, and return CLI_ERR; else CLI_OK. */
static int fail_if_gone(const char *name, uint64_t messages)
{
	const char *gone = cli_ring_watch_gone();
	return gone ? cli_failf("segment '%s': the ring %s after %llu message%s", name, gone,
				(unsigned long long)messages, cli_plural(messages))
		    : CLI_OK;
}

static void sleep_until(uint64_t t_ns)
{
	struct timespec t = { (time_t)(t_ns / 1000000000ull), (long)(t_ns % 1000000000ull) };
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR && !cli_interrupted)
		;
}

/* Pace to `rate` messages/s: returns when message `i` (from 0) may go;
 * the first goes at once, message i after i/rate seconds, or 1/rate
 * after the one before when that one was held up. */
struct pacer {
	double rate;
	bool wave;
	uint64_t start;
	double credit; /* messages allowed so far (integral of the rate) */
	uint64_t last;
};

static void pace(struct pacer *p, uint64_t i)
{
	if (p->rate <= 0)
		return;
	for (;;) {
		uint64_t now = cli_now_ns();
		double dt = (double)(now - p->last) / 1e9;
		double r = p->rate;
		if (p->wave)
			r *= 1.0 + sin(2 * M_PI * (double)(now - p->start) / 1e9 / WAVE_PERIOD_S);
		p->credit += r * dt;
		p->last = now;
		/* Time spent waiting for the ring (empty, full) earns no burst
		 * after it: "at most R per second" holds from here on.  A little
		 * is owed still (CATCH_UP_S), to make up for oversleeping. */
		double most = (double)i + 1 + r * CATCH_UP_S;
		if (p->credit > most)
			p->credit = most;
		if (p->credit >= (double)i || cli_interrupted)
			return;
		double wait_s = ((double)i - p->credit) / (r > 1 ? r : 1);
		if (wait_s > 0.05)
			wait_s = 0.05; /* re-evaluate a changing rate often */
		sleep_until(now + (uint64_t)(wait_s * 1e9));
	}
}

static int die_mid_write(const char *name, sm_ring *ring, uint32_t id, size_t size)
{
	struct sm_ring_slot slot;
	int r = sm_ring_reserve(ring, &slot, 2000);
	if (r < 0) {
		sm_ring_close(ring);
		return cli_fail(r, name, "reserve");
	}
	/* Half a message, as if interrupted while writing. */
	size_t len = size < slot.capacity ? size : slot.capacity;
	memset(slot.data, 0xAB, len / 2);
	printf("{\"reserved\":%llu,\"pid\":%d,\"id\":%u}\n", (unsigned long long)slot.position,
	       (int)getpid(), id);
	fflush(stdout);
	alarm(600); /* should nobody kill us, do not linger forever */
	for (;;)
		pause();
}

static int produce(int argc, char **argv)
{
	enum { O_ID = 0x200, O_SIZE, O_RATE, O_COUNT, O_WAVE, O_DIE };
	static const struct option longopts[] = {
		{ "id", required_argument, NULL, O_ID },
		{ "size", required_argument, NULL, O_SIZE },
		{ "rate", required_argument, NULL, O_RATE },
		{ "count", required_argument, NULL, O_COUNT },
		{ "wave", no_argument, NULL, O_WAVE },
		{ "die-mid-write", no_argument, NULL, O_DIE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	long long id = 0, rate = 0, count = 0;
	uint64_t size = 64;
	bool wave = false, die = false, size_given = false;
	int c, r;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case O_ID: if ((r = cli_parse_int(optarg, "--id", 0, MAX_PRODUCERS - 1, &id))) return r; break;
		case O_SIZE:
			if ((r = cli_parse_size(optarg, "--size", UINT32_MAX, &size)))
				return r;
			size_given = true;
			break;
		case O_RATE: if ((r = cli_parse_int(optarg, "--rate", 0, 1000000000, &rate))) return r; break;
		case O_COUNT: if ((r = cli_parse_int(optarg, "--count", 1, LLONG_MAX, &count))) return r; break;
		case O_WAVE: wave = true; break;
		case O_DIE: die = true; break;
		default: if ((r = cli_common_option(c, produce_help)) >= 0) return r;
		}
	}
	if (optind + 1 != argc)
		return cli_usage("expected one ring NAME");
	const char *name = argv[optind];
	if ((r = cli_check_name(name)))
		return r;
	if (size < SM_TRAFFIC_MIN_SIZE)
		return cli_usage("--size must be at least %u bytes (the stamp)", SM_TRAFFIC_MIN_SIZE);
	if (die && (count || rate || wave))
		return cli_usage("--die-mid-write writes no message: it does not go with --count, "
				 "--rate or --wave");
	if (wave && rate == 0)
		return cli_usage("--wave varies --rate R: it needs a rate above 0");
	sm_ring *ring;
	if ((r = cli_open_message_ring(name, "open", &ring)))
		return r;
	uint32_t node_size = sm_ring_node_size(ring);
	if (!size_given && size > node_size && node_size >= SM_TRAFFIC_MIN_SIZE)
		size = node_size; /* the default fits the ring's nodes */
	if (!size_given && size > node_size) { /* no --size to blame: the ring's nodes */
		sm_ring_close(ring);
		return cli_failf("segment '%s': its node size (%u bytes) is smaller than a stamp "
				 "(%u bytes)", name, node_size, SM_TRAFFIC_MIN_SIZE);
	}
	if (size > node_size) {
		sm_ring_close(ring);
		char why[CLI_TOO_LARGE_SIZE];
		cli_too_large_text(why, sizeof why, size, node_size);
		return cli_usage("--size %llu: %s", (unsigned long long)size, why);
	}
	if (die)
		return die_mid_write(name, ring, (uint32_t)id, size);

	/* Interrupted, or the name gone, a wait for room ends (-EINTR). */
	if ((r = cli_ring_watch(ring, true)) < 0) {
		sm_ring_close(ring);
		return cli_fail(r, name, "watch");
	}
	cli_report_ignore_sigpipe(); /* a reader that left (| head -1): exit 1, said */
	uint8_t *msg = malloc(size);
	if (!msg) {
		cli_ring_unwatch();
		sm_ring_close(ring);
		return cli_fail(-ENOMEM, name, NULL);
	}
	struct pacer p = { .rate = (double)rate, .wave = wave, .start = cli_now_ns() };
	p.last = p.start;
	sm_traffic_fill(msg, size, (uint64_t)id); /* the payload; only the stamp changes */
	int ret = CLI_OK;
	uint64_t seq = 0;
	while (!cli_interrupted && (count == 0 || seq < (uint64_t)count)) {
		pace(&p, seq);
		sm_traffic_stamp(msg, size, (uint32_t)id, seq, 0);
		r = sm_ring_write(ring, msg, size, -1);
		if (r == -EINTR) {
			ret = fail_if_gone(name, seq);
			break;
		}
		if (r == -SM_ESHUTDOWN)
			break;
		if (r < 0) {
			ret = cli_fail(r, name, "write");
			break;
		}
		seq++;
	}
	/* How many went in, for a verification across several consumers. */
	printf("{\"producer\":%lld,\"sent\":%llu}\n", id, (unsigned long long)seq);
	char sent[64]; /* to stderr if stdout fails, not lost unsaid */
	snprintf(sent, sizeof sent, "%llu message%s sent", (unsigned long long)seq,
		 seq == 1 ? " was" : "s were");
	ret = cli_report_flushed(ret, name, sent);
	free(msg);
	cli_ring_unwatch();
	sm_ring_close(ring);
	return ret;
}

/* A consumer that joins a running ring meets each producer mid-sequence:
 * the numbers before the first message it sees from a producer are not
 * lost, they were read before it came (`joined` of them in all). */
static int verify(sm_traffic_verifier *v, const void *msg, size_t len, uint64_t *joined)
{
	uint32_t producer;
	uint64_t seq;
	bool first = sm_traffic_peek(msg, len, &producer, &seq) == 0 && producer < MAX_PRODUCERS &&
		     sm_traffic_next(v, producer) == 0 && sm_traffic_received(v, producer) == 0;
	int r = sm_traffic_verify(v, msg, len);
	if (first && r == SM_TRAFFIC_OK)
		*joined += seq;
	return r;
}

/* Returns 0, or -errno when standard output cannot be written. */
static int print_progress(const sm_traffic_verifier *v, uint64_t joined)
{
	struct sm_traffic_counts c;
	sm_traffic_counts(v, &c);
	c.lost = c.lost > joined ? c.lost - joined : 0;
	printf("{\"received\":%llu,\"lost\":%llu,\"duplicated\":%llu,\"reordered\":%llu,"
	       "\"corrupted\":%llu,\"bytes\":%llu}\n",
	       (unsigned long long)c.ok, (unsigned long long)c.lost,
	       (unsigned long long)c.duplicated, (unsigned long long)c.reordered,
	       (unsigned long long)c.corrupted, (unsigned long long)c.bytes);
	return cli_flush_stdout();
}

/* The last progress line, with what came from each producer (ids with
 * messages only): "tallies":[[id,received,seq_sum,next],...]; next, one
 * past the highest sequence number, bounds what a producer that never
 * said how many it sent (killed) sent at least. */
static int print_final(const sm_traffic_verifier *v, uint64_t joined)
{
	struct sm_traffic_counts c;
	sm_traffic_counts(v, &c);
	c.lost = c.lost > joined ? c.lost - joined : 0;
	struct sm_traffic_tally *t = calloc(MAX_PRODUCERS, sizeof *t);
	if (t)
		sm_traffic_tallies(v, t, MAX_PRODUCERS);
	printf("{\"received\":%llu,\"lost\":%llu,\"duplicated\":%llu,\"reordered\":%llu,"
	       "\"corrupted\":%llu,\"bytes\":%llu,\"final\":true,\"tallies\":[",
	       (unsigned long long)c.ok, (unsigned long long)c.lost,
	       (unsigned long long)c.duplicated, (unsigned long long)c.reordered,
	       (unsigned long long)c.corrupted, (unsigned long long)c.bytes);
	const char *sep = "";
	for (uint32_t p = 0; t && p < MAX_PRODUCERS; p++) {
		if (!t[p].received)
			continue;
		printf("%s[%u,%llu,%llu,%llu]", sep, p, (unsigned long long)t[p].received,
		       (unsigned long long)t[p].seq_sum, (unsigned long long)sm_traffic_next(v, p));
		sep = ",";
	}
	printf("]}\n");
	free(t);
	return cli_flush_stdout();
}

/* What the reading loop and the progress lines' thread share. */
struct progress {
	pthread_mutex_t lock; /* over v and joined */
	sm_traffic_verifier *v;
	uint64_t joined;
	sm_ring *ring;        /* interrupted when a line cannot be written */
	_Atomic int err;      /* print_progress()'s, then */
};

/* A tick of the progress lines (cli_ticker_start): one line.  Output
 * nobody can read stops the reading at once, rather than let it consume
 * messages for nothing until interrupted. */
static bool report(void *arg)
{
	struct progress *pr = arg;
	pthread_mutex_lock(&pr->lock);
	int err = print_progress(pr->v, pr->joined);
	pthread_mutex_unlock(&pr->lock);
	if (err == 0)
		return true;
	atomic_store(&pr->err, err);
	sm_ring_interrupt(pr->ring);
	return false;
}

/* Read and verify messages (into msg, cap bytes) until interrupted (a
 * signal, the ring's name gone, a progress line that failed), --count is
 * reached or the ring is shut down; each read is one wait, however long
 * (cli_ring_watch() ends it).  CLI_OK, or CLI_ERR once said why. */
static int read_and_verify(struct progress *pr, const char *name, uint8_t *msg, size_t cap,
			   long long count, struct pacer *p, uint64_t *received)
{
	while (!cli_interrupted && (count == 0 || *received < (uint64_t)count)) {
		pace(p, *received);
		ssize_t n = sm_ring_read(pr->ring, msg, cap, -1);
		if (n == -SM_ESHUTDOWN)
			return CLI_OK;
		if (n == -EINTR)
			return fail_if_gone(name, *received);
		if (n < 0)
			return cli_fail((int)n, name, "read");
		pthread_mutex_lock(&pr->lock);
		verify(pr->v, msg, (size_t)n, &pr->joined);
		pthread_mutex_unlock(&pr->lock);
		(*received)++;
	}
	return CLI_OK;
}

/* read_and_verify() with the ring watched (cli_ring_watch()) and the
 * progress lines printed meanwhile, every PROGRESS_NS. */
static int watch_and_read(struct progress *pr, const char *name, uint8_t *msg, size_t cap,
			  long long count, struct pacer *p, uint64_t *received)
{
	int r = cli_ring_watch(pr->ring, true);
	if (r < 0)
		return cli_fail(r, name, "watch");
	struct cli_ticker *lines = cli_ticker_start(PROGRESS_NS / 1000000, report, pr);
	int ret = lines ? read_and_verify(pr, name, msg, cap, count, p, received)
			: cli_fail(-errno, name, "progress");
	cli_ticker_stop(lines);
	cli_ring_unwatch();
	return ret;
}

static int consume(int argc, char **argv)
{
	enum { O_RATE = 0x200, O_COUNT, O_SOLE };
	static const struct option longopts[] = {
		{ "rate", required_argument, NULL, O_RATE },
		{ "count", required_argument, NULL, O_COUNT },
		{ "sole", no_argument, NULL, O_SOLE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	long long rate = 0, count = 0;
	bool sole = false;
	int c, r;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case O_RATE: if ((r = cli_parse_int(optarg, "--rate", 0, 1000000000, &rate))) return r; break;
		case O_COUNT: if ((r = cli_parse_int(optarg, "--count", 1, LLONG_MAX, &count))) return r; break;
		case O_SOLE: sole = true; break;
		default: if ((r = cli_common_option(c, consume_help)) >= 0) return r;
		}
	}
	if (optind + 1 != argc)
		return cli_usage("expected one ring NAME");
	const char *name = argv[optind];
	if ((r = cli_check_name(name)))
		return r;
	struct progress pr = { .lock = PTHREAD_MUTEX_INITIALIZER };
	if ((r = cli_open_message_ring(name, "open", &pr.ring)))
		return r;

	cli_catch_signals();
	cli_report_ignore_sigpipe(); /* a reader that left (| head -1): exit 1, said */
	size_t cap = sm_ring_node_size(pr.ring);
	uint8_t *msg = malloc(cap ? cap : 1);
	pr.v = sm_traffic_verifier_new(MAX_PRODUCERS, sole ? 0 : SM_TRAFFIC_SHARED);
	if (!msg || !pr.v) {
		const char *what = msg ? "verifier" : NULL;
		sm_traffic_verifier_free(pr.v);
		free(msg);
		sm_ring_close(pr.ring);
		return cli_fail(-ENOMEM, name, what);
	}
	uint64_t received = 0;
	struct pacer p = { .rate = (double)rate, .start = cli_now_ns() };
	p.last = p.start;
	int ret = CLI_OK;
	int err = print_progress(pr.v, pr.joined);
	if (!err) {
		ret = watch_and_read(&pr, name, msg, cap, count, &p, &received);
		err = atomic_load(&pr.err);
	}
	if (!err)
		err = print_final(pr.v, pr.joined);
	if (err < 0) {
		char stopped[80];
		snprintf(stopped, sizeof stopped, "stopped reading the ring after %llu message%s",
			 (unsigned long long)received, cli_plural(received));
		ret = cli_fail_stdout(err, name, stopped);
	}
	sm_traffic_verifier_free(pr.v);
	free(msg);
	sm_ring_close(pr.ring);
	return ret;
}

int cli_traffic(int argc, char **argv)
{
	static const struct cli_cmd members[] = {
		{ "produce", produce, "write stamped messages to a ring" },
		{ "consume", consume, "read and verify messages, with JSON progress lines" },
	};
	return cli_dispatch("traffic", members, sizeof members / sizeof members[0], argc, argv);
}
