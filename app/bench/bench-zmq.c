/* bench-zmq.c — see bench-zmq.h.  Message layout (msg_size >= 24 bytes):
 * u64 sequence, u64 size, u64 check = mix(sequence, size), then filler,
 * and the sequence again in the last 8 bytes; messages of 16..31 bytes
 * carry the leading bytes of that header.  Verification is O(1) per message, the
 * same cost for every size. */
#include "bench-zmq.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define END_SEQ UINT64_MAX

void smb_zmq_version(char *buf, size_t size)
{
	int major, minor, patch;
	zmq_version(&major, &minor, &patch);
	snprintf(buf, size, "%d.%d.%d", major, minor, patch);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t mix(uint64_t seq, uint64_t size)
{
	uint64_t x = seq * 0x9E3779B97F4A7C15u ^ size;
	x ^= x >> 31;
	return x * 0xBF58476D1CE4E5B9u;
}

/* Stamp message `seq` into buf of len bytes. */
static void stamp(unsigned char *buf, size_t len, uint64_t seq)
{
	uint64_t head[3] = { seq, len, mix(seq, len) };
	memcpy(buf, head, len < sizeof head ? len : sizeof head);
	if (len >= sizeof head + 8)
		memcpy(buf + len - 8, &seq, 8);
}

/* The sequence of a received message, or -1 if it is not intact. */
static int64_t check(const unsigned char *buf, size_t got, size_t len)
{
	if (got != len)
		return -1;
	unsigned char want[24];
	uint64_t seq;
	memcpy(&seq, buf, 8);
	uint64_t head[3] = { seq, len, mix(seq, len) };
	memcpy(want, head, sizeof want);
	if (memcmp(buf, want, len < sizeof want ? len : sizeof want) != 0)
		return -1;
	if (len >= sizeof want + 8 && memcmp(buf + len - 8, &seq, 8) != 0)
		return -1;
	return (int64_t)(seq & INT64_MAX);
}

static void endpoint(char *buf, size_t size)
{
	static unsigned n;
	snprintf(buf, size, "ipc:///tmp/sm-bench-zmq-%d-%u", (int)getpid(), n++);
}

static void unlink_endpoint(const char *ep)
{
	unlink(ep + strlen("ipc://"));
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
	*ctx = zmq_ctx_new();
	if (!*ctx)
		return NULL;
	void *s = zmq_socket(*ctx, type);
	int linger = 0, timeout = RECV_TIMEOUT_MS;
	if (s && type != ZMQ_PUSH)
		zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
	if (s)
		zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	return s;
}

static void close_socket(void *ctx, void *s)
{
	if (s)
		zmq_close(s);
	if (ctx)
		zmq_ctx_term(ctx);
}

/* Child: send messages, then the end marker with the count sent. */
static int produce(const char *ep, size_t len, struct pace pace)
{
	void *ctx, *s = new_socket(&ctx, ZMQ_PUSH);
	size_t cap = len > 16 ? len : 16;
	unsigned char *buf = calloc(1, cap);
	if (!s || !buf || zmq_connect(s, ep) != 0)
		return 1;
	uint64_t sent = 0;
	while (more(&pace, sent)) {
		stamp(buf, len, sent);
		if (zmq_send(s, buf, len, 0) != (int)len)
			return 1;
		sent++;
	}
	uint64_t end[2] = { END_SEQ, sent };
	if (zmq_send(s, end, sizeof end, 0) != (int)sizeof end)
		return 1;
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

int smb_zmq_stream(size_t len, double seconds, uint64_t count, struct smb_zmq_result *out)
{
	memset(out, 0, sizeof *out);
	if (len < SMB_ZMQ_MIN_SIZE)
		return -EINVAL;
	char ep[128];
	endpoint(ep, sizeof ep);
	struct pace pace = { count, now_ns() + (uint64_t)(seconds * 1e9) };
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* Give the consumer a moment to bind: PUSH reconnects anyway. */
		_exit(produce(ep, len, pace));
	}
	void *ctx, *s = new_socket(&ctx, ZMQ_PULL);
	size_t cap = len > 16 ? len : 16;
	unsigned char *buf = malloc(cap);
	int r = 0;
	if (!s || !buf || zmq_bind(s, ep) != 0) {
		r = -(errno ? errno : ENOMEM);
		kill(pid, SIGKILL);
		goto out;
	}
	uint64_t expected = 0, t0 = 0, t1 = 0;
	for (;;) {
		int got = zmq_recv(s, buf, cap, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			kill(pid, SIGKILL);
			break;
		}
		uint64_t seq;
		if (got == 16 && memcpy(&seq, buf, 8) && seq == END_SEQ) {
			uint64_t sent;
			memcpy(&sent, buf + 8, 8);
			if (sent > expected)
				out->lost += sent - expected;
			break;
		}
		if (!out->messages && !out->corrupted)
			t0 = now_ns();
		t1 = now_ns();
		int64_t s_ = check(buf, (size_t)got, len);
		if (s_ < 0) {
			out->corrupted++;
			continue;
		}
		out->messages++;
		if ((uint64_t)s_ == expected) {
			expected++;
		} else if ((uint64_t)s_ > expected) {
			out->lost += (uint64_t)s_ - expected;
			expected = (uint64_t)s_ + 1;
		} else {
			out->duplicated++;
		}
	}
	out->seconds = t1 > t0 ? (double)(t1 - t0) / 1e9 : 0.0;
out:
	free(buf);
	close_socket(ctx, s);
	unlink_endpoint(ep);
	int w = reap(pid);
	return r ? r : w;
}

/* Child: echo every request; a request with the end sequence ends it. */
static int serve(const char *ep, size_t len)
{
	void *ctx, *s = new_socket(&ctx, ZMQ_REP);
	size_t cap = len > 16 ? len : 16;
	unsigned char *buf = malloc(cap);
	if (!s || !buf || zmq_bind(s, ep) != 0)
		return 1;
	for (;;) {
		int got = zmq_recv(s, buf, cap, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return 1;
		if (zmq_send(s, buf, (size_t)got, 0) != got)
			return 1;
		uint64_t seq;
		if (got == 16 && memcpy(&seq, buf, 8) && seq == END_SEQ)
			break;
	}
	free(buf);
	close_socket(ctx, s);
	return 0;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int smb_zmq_reqresp(size_t len, double seconds, uint64_t count, struct smb_zmq_result *out)
{
	memset(out, 0, sizeof *out);
	if (len < SMB_ZMQ_MIN_SIZE)
		return -EINVAL;
	char ep[128];
	endpoint(ep, sizeof ep);
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(serve(ep, len));
	void *ctx, *s = new_socket(&ctx, ZMQ_REQ);
	size_t cap = len > 16 ? len : 16;
	unsigned char *req = malloc(cap), *resp = malloc(cap);
	size_t lat_cap = 1 << 16;
	uint64_t *lat = malloc(lat_cap * sizeof *lat);
	int r = 0;
	if (!s || !req || !resp || !lat || zmq_connect(s, ep) != 0) {
		r = -(errno ? errno : ENOMEM);
		kill(pid, SIGKILL);
		goto out;
	}
	/* One call before the clock starts: the connection is set up lazily. */
	struct pace pace = { count, 0 };
	uint64_t t0 = 0, seq = 0;
	for (bool warm = true;; warm = false) {
		if (!warm && !pace.end_ns) {
			t0 = now_ns();
			pace.end_ns = t0 + (uint64_t)(seconds * 1e9);
		}
		if (!warm && !more(&pace, out->messages + out->corrupted))
			break;
		stamp(req, len, seq);
		uint64_t a = now_ns();
		int got;
		if (zmq_send(s, req, len, 0) != (int)len ||
		    (got = zmq_recv(s, resp, cap, 0)) < 0) {
			r = -errno;
			kill(pid, SIGKILL);
			goto out;
		}
		uint64_t b = now_ns();
		if (warm) {
			seq++;
			continue;
		}
		int64_t back = check(resp, (size_t)got, len);
		if (back < 0)
			out->corrupted++;
		else if ((uint64_t)back != seq)
			back < (int64_t)seq ? out->duplicated++ : out->lost++;
		else
			out->messages++;
		if (out->messages + out->corrupted > lat_cap) {
			uint64_t *grown = realloc(lat, 2 * lat_cap * sizeof *lat);
			if (!grown) {
				r = -ENOMEM;
				kill(pid, SIGKILL);
				goto out;
			}
			lat = grown;
			lat_cap *= 2;
		}
		lat[out->messages + out->corrupted - 1] = b - a;
		seq++;
	}
	out->seconds = (double)(now_ns() - t0) / 1e9;
	uint64_t end[2] = { END_SEQ, seq };
	if (zmq_send(s, end, sizeof end, 0) == (int)sizeof end)
		zmq_recv(s, resp, cap, 0);
	uint64_t n = out->messages + out->corrupted;
	if (n) {
		qsort(lat, n, sizeof *lat, by_value);
		out->p50_ns = lat[n / 2];
		out->p99_ns = lat[n * 99 / 100 < n ? n * 99 / 100 : n - 1];
		out->max_ns = lat[n - 1];
	}
out:
	free(req);
	free(resp);
	free(lat);
	close_socket(ctx, s);
	unlink_endpoint(ep);
	int w = reap(pid);
	return r ? r : w;
}
