/* bench-zmq.c — see bench-zmq.h.  Messages are stamped and verified with
 * the library's traffic helper (sharedmem/traffic.h), as every other
 * transport's; a stream begins with a 16-byte start marker (producer id
 * 0xfffffffe) and ends with an end marker (0xffffffff) carrying the count
 * sent: no data message has those ids. */
#include "bench-percentile.h"
#include "bench-rpc-internal.h"
#include "bench-verify.h"
#include "bench-zmq.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "sharedmem/traffic.h"

/* libzmq's functions that this file calls, as zmq.<name> for zmq_<name>:
 * looked up once a ZeroMQ run starts.  (Linked in, libzmq and what it
 * needs, libstdc++, libsodium, Kerberos..., were loaded at every start of
 * every command, for some 10 ms of CPU.) */
#define ZMQ_FUNCTIONS(X)                                                                     \
	X(version) X(ctx_new) X(ctx_term) X(socket) X(close) X(setsockopt) X(bind) X(connect) \
	X(send) X(recv)

static struct {
#define DECLARE(name) __typeof__(zmq_##name) *name;
	ZMQ_FUNCTIONS(DECLARE)
#undef DECLARE
} zmq;

static char load_error[256]; /* why libzmq cannot be used; "" once loaded */

/* Each function in turn: false at the first that is missing (dlerror() says which). */
static bool resolve(void *lib)
{
#define RESOLVE(name) &&(zmq.name = (__typeof__(zmq.name))dlsym(lib, "zmq_" #name))
	return true ZMQ_FUNCTIONS(RESOLVE);
#undef RESOLVE
}

static void load(void)
{
	void *lib = dlopen("libzmq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (lib && resolve(lib))
		return;
	snprintf(load_error, sizeof load_error, "%s", dlerror());
	if (lib)
		dlclose(lib);
}

const char *smb_zmq_load(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, load);
	return load_error[0] ? load_error : NULL;
}

void smb_zmq_version(char *buf, size_t size)
{
	int major, minor, patch;
	if (smb_zmq_load()) {
		snprintf(buf, size, "?");
		return;
	}
	zmq.version(&major, &minor, &patch);
	snprintf(buf, size, "%d.%d.%d", major, minor, patch);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The end marker: producer id all ones, then the number of messages sent. */
static void mark_end(unsigned char *buf, uint64_t sent)
{
	memset(buf, 0xff, 8);
	memcpy(buf + 8, &sent, 8);
}

static bool is_end(const unsigned char *buf, int got, uint64_t *sent)
{
	static const unsigned char ones[4] = { 0xff, 0xff, 0xff, 0xff };
	if (got != 16 || memcmp(buf, ones, sizeof ones) != 0)
		return false;
	memcpy(sent, buf + 8, 8);
	return true;
}

/* The start marker, the stream's first message: producer id 0xfffffffe. */
static const unsigned char start_marker[16] = { 0xfe, 0xff, 0xff, 0xff };

static bool is_start(const unsigned char *buf, int got)
{
	return got == (int)sizeof start_marker && memcmp(buf, start_marker, sizeof start_marker) == 0;
}

/* The verifier's counts, with losses and duplicates from the number sent. */
static void totals(const sm_traffic_verifier *v, uint64_t sent, struct sm_traffic_counts *out)
{
	struct sm_traffic_counts c;
	struct sm_traffic_tally t;
	sm_traffic_counts(v, &c);
	sm_traffic_tallies(v, &t, 1);
	sm_traffic_merge(&c, &t, 1, &sent, 1, out);
}

/* The figures of a finished run, from its counts. */
static void rates(struct smb_rpc_result *out, size_t len)
{
	out->transport = "zeromq";
	out->msgs_per_s = out->seconds > 0 ? (double)out->messages / out->seconds : 0;
	out->bytes_per_s = out->msgs_per_s * (double)len;
	sm_bench_test_lose(out->transport, &out->lost);
}

/* In Linux's abstract socket namespace ('@'): a socket file in /tmp was
 * left there when a signal ended the run (the CLI's handler cannot know
 * the run's number); an abstract name goes with its socket. */
static void endpoint(char *buf, size_t size)
{
	static unsigned n;
	snprintf(buf, size, "ipc://@sm-bench-zmq-%d-%u", (int)getpid(), n++);
}

/* Tell the loop when to stop: after count messages or at the deadline. */
struct pace {
	uint64_t count, end_ns;
};

static bool more(const struct pace *p, uint64_t done)
{
	if (p->count)
		return done < p->count;
	return (done & 63) || now_ns() < p->end_ns;
}

/* Receives give up after this long without a message (a dead peer). */
#define RECV_TIMEOUT_MS 5000

/* A socket in a new context.  Senders keep the default linger (close
 * waits until the queue, end marker included, is delivered); receivers
 * drop theirs at once and time out when the peer is gone. */
static void *new_socket(void **ctx, int type)
{
	*ctx = zmq.ctx_new();
	if (!*ctx)
		return NULL;
	void *s = zmq.socket(*ctx, type);
	int linger = 0, timeout = RECV_TIMEOUT_MS;
	if (s && type != ZMQ_PUSH)
		zmq.setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
	if (s)
		zmq.setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	return s;
}

static void close_socket(void *ctx, void *s)
{
	if (s)
		zmq.close(s);
	if (ctx)
		zmq.ctx_term(ctx);
}

/* The consumer's word, in a shared mapping, that it has the start marker
 * (ACK_STARTED) and then the end marker (ACK_ENDED).  The producer sends
 * its messages once the first is said, and keeps its socket open until the
 * second.  (Closed and exited at once, libzmq 4.3's PUSH over ipc:// lost
 * the last few dozen messages and the marker about one run in thirty,
 * linger or not, and the consumer waited RECV_TIMEOUT_MS for nothing.) */
enum { ACK_STARTED = 1, ACK_ENDED = 2 };

static void await_ack(_Atomic int *ack, int value)
{
	/* Yielding, not sleeping: the start is inside the timed run. */
	uint64_t until = now_ns() + RECV_TIMEOUT_MS * 1000000ull;
	while (atomic_load(ack) < value && now_ns() < until)
		sched_yield();
}

/* Child: the start marker, then messages (pace.end_ns: the duration, from
 * the start), then the end marker with the count sent; close once the
 * consumer has it. */
static int produce(const char *ep, size_t len, struct pace pace, _Atomic int *ack)
{
	void *ctx, *s = new_socket(&ctx, ZMQ_PUSH);
	size_t cap = len > 16 ? len : 16;
	unsigned char *buf = calloc(1, cap);
	if (!s || !buf || zmq.connect(s, ep) != 0)
		return 1;
	/* The consumer's clock starts with the connection up and nothing
	 * queued: at the start marker, not at the first message (whose
	 * arrival ended the first of n intervals, timing n - 1). */
	if (zmq.send(s, start_marker, sizeof start_marker, 0) != (int)sizeof start_marker)
		return 1;
	await_ack(ack, ACK_STARTED);
	pace.end_ns += now_ns();
	uint64_t sent = 0;
	sm_traffic_fill(buf, len, 1);
	while (more(&pace, sent)) {
		sm_traffic_stamp(buf, len, 0, sent, 0);
		if (zmq.send(s, buf, len, 0) != (int)len)
			return 1;
		sent++;
	}
	unsigned char end[16];
	mark_end(end, sent);
	if (zmq.send(s, end, sizeof end, 0) != (int)sizeof end)
		return 1;
	await_ack(ack, ACK_ENDED);
	free(buf);
	close_socket(ctx, s);
	return 0;
}

static int reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EPIPE;
}

int smb_zmq_stream(size_t len, double seconds, uint64_t count, struct smb_rpc_result *out)
{
	memset(out, 0, sizeof *out);
	if (smb_zmq_load())
		return -ELIBACC;
	if (len < SMB_ZMQ_MIN_SIZE)
		return -EINVAL;
	char ep[128];
	endpoint(ep, sizeof ep);
	struct pace pace = { count, (uint64_t)(seconds * 1e9) };
	_Atomic int *ack = mmap(NULL, sizeof *ack, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				-1, 0);
	if (ack == MAP_FAILED)
		return -errno;
	atomic_store(ack, 0);
	pid_t parent = getpid(), pid = fork();
	if (pid < 0) {
		munmap((void *)ack, sizeof *ack);
		return -errno;
	}
	if (pid == 0) {
		/* A send blocked on a consumer gone with us would wait for good. */
		smb_die_with_parent(parent);
		/* Give the consumer a moment to bind: PUSH reconnects anyway. */
		_exit(produce(ep, len, pace, ack));
	}
	void *ctx, *s = new_socket(&ctx, ZMQ_PULL);
	size_t cap = len > 16 ? len : 16;
	unsigned char *buf = malloc(cap);
	int r = 0;
	if (!s || !buf || zmq.bind(s, ep) != 0) {
		r = -(errno ? errno : ENOMEM);
		kill(pid, SIGKILL);
		goto out;
	}
	sm_traffic_verifier *v = sm_traffic_verifier_new(1, 0);
	if (!v) {
		r = -ENOMEM;
		kill(pid, SIGKILL);
		goto out;
	}
	uint64_t t0 = 0, t1 = 0, sent = 0;
	for (;;) {
		int got = zmq.recv(s, buf, cap, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			r = errno == EAGAIN ? -ETIMEDOUT : -errno;
			kill(pid, SIGKILL);
			break;
		}
		if (is_end(buf, got, &sent)) {
			atomic_store(ack, ACK_ENDED);
			break;
		}
		if (!t0 && is_start(buf, got)) {
			t0 = t1 = now_ns();
			atomic_store(ack, ACK_STARTED);
			continue;
		}
		t1 = now_ns();
		if (!t0) /* (no start marker came: the producer went on after a wait) */
			t0 = t1;
		sm_traffic_verify(v, buf, got > (int)cap ? cap : (size_t)got);
	}
	struct sm_traffic_counts counts;
	totals(v, sent, &counts);
	sm_traffic_verifier_free(v);
	out->messages = counts.ok;
	out->lost = counts.lost;
	out->duplicated = counts.duplicated + counts.reordered;
	out->corrupted = counts.corrupted;
	out->seconds = t1 > t0 ? (double)(t1 - t0) / 1e9 : 0.0;
	rates(out, len);
out:
	free(buf);
	close_socket(ctx, s);
	int w = reap(pid);
	munmap((void *)ack, sizeof *ack);
	return r ? r : w;
}

/* Child: echo every request; the end marker ends it. */
static int serve(const char *ep, size_t len)
{
	void *ctx, *s = new_socket(&ctx, ZMQ_REP);
	size_t cap = len > 16 ? len : 16;
	unsigned char *buf = malloc(cap);
	if (!s || !buf || zmq.bind(s, ep) != 0)
		return 1;
	for (;;) {
		int got = zmq.recv(s, buf, cap, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return 1;
		if (zmq.send(s, buf, (size_t)got, 0) != got)
			return 1;
		uint64_t sent;
		if (is_end(buf, got, &sent))
			break;
	}
	free(buf);
	close_socket(ctx, s);
	return 0;
}

int smb_zmq_reqresp(size_t len, double seconds, uint64_t count, struct smb_rpc_result *out)
{
	memset(out, 0, sizeof *out);
	if (smb_zmq_load())
		return -ELIBACC;
	if (len < SMB_ZMQ_MIN_SIZE)
		return -EINVAL;
	char ep[128];
	endpoint(ep, sizeof ep);
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		smb_die_with_parent(parent); /* (its receives time out, its sends do not) */
		_exit(serve(ep, len));
	}
	void *ctx, *s = new_socket(&ctx, ZMQ_REQ);
	size_t cap = len > 16 ? len : 16;
	unsigned char *req = malloc(cap), *resp = malloc(cap);
	size_t lat_cap = 1 << 16;
	uint64_t *lat = malloc(lat_cap * sizeof *lat);
	sm_traffic_verifier *v = sm_traffic_verifier_new(1, 0);
	int r = 0;
	if (!s || !req || !resp || !lat || !v || zmq.connect(s, ep) != 0) {
		r = -(errno ? errno : ENOMEM);
		kill(pid, SIGKILL);
		goto out;
	}
	/* One call before the clock starts (the connection is set up lazily);
	 * it is not verified or counted. */
	sm_traffic_fill(req, len, 2);
	sm_traffic_stamp(req, len, 0, 0, 0);
	if (zmq.send(s, req, len, 0) != (int)len || zmq.recv(s, resp, cap, 0) < 0) {
		r = -errno;
		kill(pid, SIGKILL);
		goto out;
	}
	struct pace pace = { count, 0 };
	uint64_t t0 = now_ns(), seq = 0;
	pace.end_ns = t0 + (uint64_t)(seconds * 1e9);
	while (more(&pace, seq)) {
		sm_traffic_stamp(req, len, 0, seq, 0);
		uint64_t a = now_ns();
		int got;
		if (zmq.send(s, req, len, 0) != (int)len ||
		    (got = zmq.recv(s, resp, cap, 0)) < 0) {
			r = errno == EAGAIN ? -ETIMEDOUT : -errno;
			kill(pid, SIGKILL);
			goto out;
		}
		uint64_t b = now_ns();
		/* The echo must be the request itself: same length, same bytes. */
		if (got != (int)len || memcmp(resp, req, len) != 0)
			out->corrupted++;
		else
			sm_traffic_verify(v, resp, len);
		if (seq == lat_cap) {
			uint64_t *grown = realloc(lat, 2 * lat_cap * sizeof *lat);
			if (!grown) {
				r = -ENOMEM;
				kill(pid, SIGKILL);
				goto out;
			}
			lat = grown;
			lat_cap *= 2;
		}
		lat[seq++] = b - a;
	}
	out->seconds = (double)(now_ns() - t0) / 1e9;
	unsigned char end[16];
	mark_end(end, seq);
	if (zmq.send(s, end, sizeof end, 0) == (int)sizeof end)
		zmq.recv(s, resp, cap, 0);
	/* Corrupted echoes were not given to the verifier: not lost as well. */
	struct sm_traffic_counts counts;
	uint64_t verified = seq - out->corrupted;
	totals(v, verified, &counts);
	out->messages = counts.ok;
	out->lost = counts.lost;
	out->duplicated = counts.duplicated + counts.reordered;
	out->corrupted += counts.corrupted;
	/* The nearest rank, as every other transport's (n / 2 and n * 99 / 100
	 * counted from 0 were one rank high: of 100, p99 was the slowest). */
	smb_sort_u64(lat, seq);
	out->p50_ns = smb_percentile(lat, seq, 50);
	out->p99_ns = smb_percentile(lat, seq, 99);
	out->max_ns = smb_percentile(lat, seq, 100);
	rates(out, len);
out:
	sm_traffic_verifier_free(v);
	free(req);
	free(resp);
	free(lat);
	close_socket(ctx, s);
	int w = reap(pid);
	return r ? r : w;
}
