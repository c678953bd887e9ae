/* test-scribble.c — a hostile peer scribbles over shared state while
 * everything runs.  Shared memory is writable by every process that opened
 * a segment read-write, so a broken or hostile one can write anything
 * anywhere in it: the ring's control block (indices, futex words, flags,
 * counters), its process slots, node sequence, length and claimer words,
 * payloads (RPC packet headers), the channel's connection block and
 * statistics, and the segment headers.
 *
 * Forked processes: two ring writers and two ring readers (an mpmc ring
 * of 16 nodes; a spsc ring for one pair, a spmc ring of 12 nodes, mapped
 * by division, for the other), an RPC server (handlers inline or on
 * workers, by the seed's parity) and a client (sync, two-step, async and
 * cancelled calls, reconnecting now and then), a monitor (snapshots,
 * channel statistics, sm_segment_stat, header fields) and the scribbler,
 * which writes values chosen to hurt (0, ~0, near the old value, the seq
 * state bits flipped, a lap ahead or behind, random) into random words of
 * all six files, and undoes most of it a little later so that the rings
 * meet many damaged states rather than one dead end.  The seed is printed
 * first; SM_SCRIBBLE_SEED=n repeats a run's choices (timing still
 * differs).  For exploring: SM_SCRIBBLE_VERBOSE=1 shows each role's first
 * error of each kind, SM_SCRIBBLE_ONLY=i scribbles on file i alone,
 * SM_SCRIBBLE_KEEP=1 undoes nothing, SM_SCRIBBLE_IDLE=1 scribbles nothing
 * (a baseline), SM_SCRIBBLE_KEEP_HUNG=1 leaves a hung process for a
 * debugger.
 *
 * Passes when no process dies of a signal (sanitizer reports abort),
 * every call with a timeout returns within it plus a margin, lengths and
 * slots handed out stay inside their buffers and nodes, and every close
 * completes.  Corrupt messages may fail or be counted: that is allowed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "sharedmem/inspect.h"
#include "testlib.h"

#define RUN_MS      3000 /* traffic under scribbling */
#define GRACE_MS    8000 /* after RUN_MS, for everyone to close and exit */
#define MARGIN_MS   2500 /* a timed call may overrun its timeout by this (2 slow shared cores) */
#define NODES       16
#define NODE_SIZE   100
#define CALL_MS     60

static const char *ring_mpmc, *ring_spsc, *ring_spmc, *chan;
static uint64_t seed;

/* Shared with every child: the stop flag and what went wrong. */
struct board {
	volatile int stop;
	uint64_t t_start;
	char why[8][160];
	unsigned long ok[8], err[8]; /* calls that succeeded / failed, per role */
	long long worst[8];          /* the longest overrun of a timeout, ms */
	char worst_what[8][40];
};
static struct board *board;
static int my_role;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool stopping(void) { return __atomic_load_n(&board->stop, __ATOMIC_RELAXED) != 0; }

/* Record the first problem of this process and exit failing. */
__attribute__((format(printf, 1, 2))) static void failed(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(board->why[my_role], sizeof board->why[0], fmt, ap);
	va_end(ap);
	fprintf(stderr, "role %d: %s\n", my_role, board->why[my_role]);
	_exit(T_EXIT_FAIL);
}

/* A call that took longer than its timeout allows. */
static void timed(const char *what, uint64_t t0, int timeout_ms, long long rc)
{
	uint64_t took = now_ms() - t0;
	if ((long long)took - timeout_ms > board->worst[my_role]) {
		board->worst[my_role] = (long long)took - timeout_ms;
		snprintf(board->worst_what[my_role], sizeof board->worst_what[0], "%s", what);
	}
	if (rc >= 0)
		board->ok[my_role]++;
	else
		board->err[my_role]++;
	static long long seen[64];
	static unsigned n_seen;
	if (getenv("SM_SCRIBBLE_VERBOSE") && rc < 0) {
		unsigned k = 0;
		while (k < n_seen && seen[k] != rc)
			k++;
		if (k == n_seen && n_seen < 64) {
			seen[n_seen++] = rc;
			fprintf(stderr, "role %d: %s -> %lld at +%llu ms\n", my_role, what, rc,
				(unsigned long long)(now_ms() - board->t_start));
		}
	}
	if (took > (uint64_t)timeout_ms + MARGIN_MS)
		failed("%s took %llu ms (timeout %d ms, returned %lld)", what,
		       (unsigned long long)took, timeout_ms, rc);
}

static uint64_t rng_state;
static uint64_t rnd(void) /* splitmix64 */
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}
static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

/* ---- Ring traffic ---- */

/* Mostly short: a damaged ring often has nothing to give, and long waits
 * would leave little time for calls that meet the damage. */
static int pick_timeout(void) { return below(4) ? (int)below(3) : (int)below(40); }

static int open_ring(sm_ring **r, const char *name)
{
	uint64_t t0 = now_ms();
	int e;
	while ((e = sm_ring_open(r, name, 0)) < 0 && now_ms() - t0 < 1000)
		t_sleep_ms(5);
	return e;
}

static void writer_on(sm_ring *r, unsigned i)
{
	uint32_t size = sm_ring_node_size(r);
	uint8_t msg[NODE_SIZE * 4];
	memset(msg, (int)(i & 0xff), sizeof msg);
	uint64_t t0 = now_ms();
	int to = pick_timeout();
	switch (i % 4) {
	case 0: {
		int e = sm_ring_write(r, msg, 1 + i % size, to);
		timed("sm_ring_write", t0, to, e);
		break;
	}
	case 1: {
		int e = sm_ring_write_burst(r, msg, 8, 1 + i % 4, to);
		timed("sm_ring_write_burst", t0, to, e);
		break;
	}
	case 2: {
		struct sm_ring_slot s;
		int e = sm_ring_reserve(r, &s, to);
		timed("sm_ring_reserve", t0, to, e);
		if (e == 0) {
			if (s.capacity != size)
				failed("reserve: capacity %zu, node size %u", s.capacity, size);
			memset(s.data, 0x5a, s.capacity); /* the whole slot is ours */
			if (i & 4)
				sm_ring_abandon(r, &s);
			else
				sm_ring_commit(r, &s, i % (s.capacity + 1));
		}
		break;
	}
	default:
		if (i % 64 == 3) {
			int e = sm_ring_recover(r);
			timed("sm_ring_recover", t0, 0, e);
		}
	}
}

static void check_msg(const char *what, ssize_t n, uint32_t cap)
{
	if (n > (ssize_t)cap)
		failed("%s returned %zd bytes into a %u-byte buffer", what, n, cap);
}

static void reader_on(sm_ring *r, unsigned i, uint8_t *buf, uint32_t *lens)
{
	uint32_t size = sm_ring_node_size(r);
	uint64_t t0 = now_ms();
	int to = pick_timeout();
	switch (i % 4) {
	case 0:
	case 3: {
		uint32_t cap = i % 8 ? size : size / 2; /* small buffers too */
		ssize_t n = sm_ring_read(r, buf, cap, to);
		timed("sm_ring_read", t0, to, n);
		check_msg("sm_ring_read", n, cap);
		break;
	}
	case 1: {
		int n = sm_ring_read_burst(r, buf, size, lens, 4, to);
		timed("sm_ring_read_burst", t0, to, n);
		if (n > 4)
			failed("read_burst: %d messages for 4", n);
		for (int k = 0; k < n; k++)
			check_msg("sm_ring_read_burst", lens[k], size);
		break;
	}
	default: {
		struct sm_ring_slot s;
		int e = sm_ring_peek(r, &s, to);
		timed("sm_ring_peek", t0, to, e);
		if (e == 0) {
			if (s.length > s.capacity || s.capacity != size)
				failed("peek: length %zu, capacity %zu, node size %u", s.length,
				       s.capacity, size);
			volatile uint8_t sum = 0;
			for (size_t k = 0; k < s.length; k++) /* the whole message is ours */
				sum += ((const uint8_t *)s.data)[k];
			(void)sum;
			sm_ring_release(r, &s);
		}
	}
	}
}

/* Traffic on the mpmc ring and, if named, a second ring (every other call). */
static int ring_child(bool writer, const char *second)
{
	sm_ring *r = NULL, *s = NULL;
	if (open_ring(&r, ring_mpmc) < 0)
		failed("open %s", ring_mpmc);
	if (second && open_ring(&s, second) < 0)
		failed("open %s", second);
	uint8_t *buf = malloc(NODE_SIZE * 4); /* exact sizes: ASan sees overruns */
	uint32_t *lens = malloc(4 * sizeof *lens);
	for (unsigned i = 0; !stopping(); i++) {
		sm_ring *on = s && (i & 1) ? s : r;
		if (writer)
			writer_on(on, i);
		else
			reader_on(on, i, buf, lens);
	}
	uint64_t t0 = now_ms();
	sm_ring_close(r);
	sm_ring_close(s);
	timed("sm_ring_close", t0, 0, 0);
	free(buf);
	free(lens);
	return 0;
}

static int writer1(void) { return ring_child(true, ring_spsc); }
static int writer2(void) { return ring_child(true, ring_spmc); }
static int reader1(void) { return ring_child(false, ring_spsc); }
static int reader2(void) { return ring_child(false, ring_spmc); }

/* ---- RPC ---- */

static int echo(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	if (req->len && req->data == NULL)
		failed("handler: %zu bytes at NULL", req->len);
	if (req->len % 3 == 2)
		return sm_rpc_reply_error(reply, -EINVAL, "odd %zu", req->len);
	return sm_rpc_reply_set(reply, req->data, req->len);
}

static int server(void)
{
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	o.max_message = 600;
	o.packet_size = 128;
	o.node_count = 8;
	o.handler = echo;
	o.spin_us = 0;
	o.workers = seed & 1 ? 2 : 0; /* handlers on workers, or on the receiving thread */
	sm_rpc *rpc;
	int e = sm_rpc_create(&rpc, chan, &o);
	if (e < 0)
		failed("sm_rpc_create: %d", e);
	while (!stopping()) {
		uint64_t t0 = now_ms();
		e = sm_rpc_wait_peer(rpc, 30);
		timed("sm_rpc_wait_peer", t0, 30, e);
		if (e == 0)
			t_sleep_ms(20);
	}
	uint64_t t0 = now_ms();
	sm_rpc_close(rpc);
	timed("sm_rpc_close (server)", t0, 0, 0);
	return 0;
}

static void async_done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	if (res->status == 0 && res->len && !res->data)
		failed("async: %zu bytes at NULL", res->len);
	sm_rpc_result_free(res);
}

static int client(void)
{
	uint8_t req[600];
	for (size_t k = 0; k < sizeof req; k++)
		req[k] = (uint8_t)k;
	sm_rpc *rpc = NULL;
	unsigned i = 0;
	while (!stopping()) {
		uint64_t t0 = now_ms();
		if (!rpc) {
			struct sm_rpc_options o;
			sm_rpc_options_init(&o);
			o.connect_timeout_ms = 50;
			o.spin_us = 0;
			int e = sm_rpc_connect(&rpc, chan, &o);
			timed("sm_rpc_connect", t0, 50, e);
			if (e < 0) {
				rpc = NULL;
				t_sleep_ms(5);
				continue;
			}
		}
		size_t len = (i * 37) % sizeof req;
		struct sm_rpc_result res;
		memset(&res, 0, sizeof res);
		t0 = now_ms();
		int e;
		if (i % 8 == 5) { /* async, sometimes cancelled */
			uint64_t id;
			e = sm_rpc_call_async(rpc, req, len, CALL_MS, async_done, NULL, &id);
			timed("sm_rpc_call_async", t0, CALL_MS, e);
			if (e == 0 && i % 16 == 5)
				sm_rpc_cancel(rpc, id);
		} else if (i % 8 == 6) { /* two steps */
			uint64_t id;
			e = sm_rpc_call_start(rpc, req, len, CALL_MS, &id);
			if (e == 0)
				e = sm_rpc_call_wait(rpc, id, &res);
			timed("sm_rpc_call_start/wait", t0, CALL_MS, e);
		} else {
			e = sm_rpc_call(rpc, req, len, &res, CALL_MS);
			timed("sm_rpc_call", t0, CALL_MS, e);
		}
		if (e == 0) {
			if (res.len > sm_rpc_max_message(rpc) || (res.len && !res.data))
				failed("call: %zu bytes at %p", res.len, res.data);
			volatile uint8_t sum = 0;
			for (size_t k = 0; k < res.len; k++)
				sum += ((const uint8_t *)res.data)[k];
			(void)sum;
		}
		sm_rpc_result_free(&res);
		if (++i % 16 == 0 || e == -SM_ESHUTDOWN || e == -SM_EPEERDEAD) {
			t0 = now_ms();
			sm_rpc_close(rpc);
			timed("sm_rpc_close (client)", t0, 0, 0);
			rpc = NULL;
		}
	}
	uint64_t t0 = now_ms();
	sm_rpc_close(rpc);
	timed("sm_rpc_close (client)", t0, 0, 0);
	return 0;
}

/* ---- Monitor ---- */

static void look_at_ring(const char *name)
{
	sm_ring *r;
	if (sm_ring_open(&r, name, SM_OPEN_READONLY) < 0)
		return;
	struct sm_ring_snapshot snap;
	uint8_t states[NODES + 1];
	states[NODES] = 0xee;
	if (sm_ring_snapshot(r, &snap, states, NODES) == 0) {
		if (states[NODES] != 0xee)
			failed("snapshot wrote past max_states");
		if (snap.occupancy > snap.node_count)
			failed("snapshot: occupancy %u of %u", snap.occupancy, snap.node_count);
	}
	sm_ring_close(r);
}

static void look_at_segment(const char *name)
{
	struct sm_segment_info info;
	if (sm_segment_stat(name, &info) < 0)
		return;
	struct sm_field fields[64];
	int n = sm_header_fields(&info.header, fields, 64);
	if (n < 0 || n > 64)
		failed("sm_header_fields: %d", n);
	char buf[256];
	for (int k = 0; k < n; k++)
		if (strnlen(fields[k].value, sizeof fields[k].value) == sizeof fields[k].value)
			failed("field %s not terminated", fields[k].name);
	sm_segment_info_reason(&info, buf, sizeof buf);
	sm_shown_text(info.header.label, buf, sizeof buf);
}

static int monitor(void)
{
	char c2s[80], s2c[80];
	snprintf(c2s, sizeof c2s, "%s%s", chan, SM_RPC_C2S_SUFFIX);
	snprintf(s2c, sizeof s2c, "%s%s", chan, SM_RPC_S2C_SUFFIX);
	while (!stopping()) {
		look_at_ring(ring_mpmc);
		look_at_ring(ring_spsc);
		look_at_ring(ring_spmc);
		look_at_ring(c2s);
		look_at_ring(s2c);
		sm_rpc_monitor *mon;
		if (sm_rpc_open_monitor(&mon, chan, 0) == 0) {
			struct sm_rpc_stats st;
			sm_rpc_stats_read(mon, &st);
			sm_rpc_monitor_close(mon);
		}
		const char *names[] = { ring_mpmc, ring_spsc, ring_spmc, chan, c2s, s2c };
		for (int k = 0; k < 6; k++)
			look_at_segment(names[k]);
		board->ok[my_role]++;
		t_sleep_ms(2);
	}
	return 0;
}

/* ---- The scribbler ---- */

struct target {
	const char *name;
	uint8_t *base;
	size_t size;
	bool ring;
	struct smi_ring_params p; /* rings: where the parts are */
};

/* A word's offset in the file, aimed where it hurts: the live part of the
 * header; a ring's control block, process slots, node headers and the
 * first bytes of payloads (RPC packet headers); a channel's connection
 * block and statistics. */
static size_t aim(const struct target *x)
{
	size_t payload = x->size - SM_HEADER_SIZE;
	unsigned pick = below(10);
	if (pick == 0)
		return 48 + below(SM_HEADER_SIZE - 48);
	if (!x->ring)
		return SM_HEADER_SIZE + (pick < 6 ? below(64) : 64 + below((unsigned)payload - 64));
	const struct smi_ring_params *p = &x->p;
	if (pick < 4)
		return SM_HEADER_SIZE + p->ctl_offset + below(sizeof(struct smi_ring_ctl));
	if (pick == 4)
		return SM_HEADER_SIZE + p->procs_offset + below(p->proc_slots * 64u);
	size_t node = SM_HEADER_SIZE + p->nodes_offset + (size_t)below(p->node_count) * p->node_stride;
	if (pick < 9)
		return node + below(SMI_RING_NODE_HEADER);
	return node + SMI_RING_NODE_HEADER + below(32);
}

static uint64_t scribble_value(uint64_t old, unsigned width)
{
	switch (below(10)) {
	case 0: return 0;
	case 1: return ~UINT64_C(0);
	case 2: return old + 1 + below(4);
	case 3: return old - 1 - below(4);
	case 4: return old ^ (UINT64_C(1) << below(width * 8));
	case 5: return (old & ~UINT64_C(3)) | below(4); /* seq state */
	case 6: return old + (below(2) ? 4 : -4) * (uint64_t)NODES * (1 + below(2)); /* laps */
	case 7: return below(256);
	case 8: return (uint64_t)INT32_MAX + below(3) - 1;
	default: return rnd();
	}
}

static bool map_target(struct target *t, const char *name)
{
	sm_segment *seg;
	if (sm_segment_open(&seg, name, SM_KIND_NONE, 0) < 0)
		return false;
	/* A mapping of our own, whole file, header included. */
	size_t size = (size_t)sm_segment_payload_size(seg) + SM_HEADER_SIZE;
	sm_segment_close(seg);
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	int fd = open(path, O_RDWR);
	if (fd < 0)
		return false;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return false;
	t->name = name;
	t->base = p;
	t->size = size;
	const struct sm_header *h = p;
	t->ring = h->kind == SM_KIND_RING;
	memcpy(&t->p, h->params, sizeof t->p);
	return true;
}

static int scribbler(void)
{
	rng_state = seed;
	char c2s[80], s2c[80];
	snprintf(c2s, sizeof c2s, "%s%s", chan, SM_RPC_C2S_SUFFIX);
	snprintf(s2c, sizeof s2c, "%s%s", chan, SM_RPC_S2C_SUFFIX);
	const char *names[] = { ring_mpmc, ring_spsc, ring_spmc, chan, c2s, s2c };
	struct target t[6];
	unsigned n = 0;
	uint64_t t0 = now_ms();
	while (n < 6 && now_ms() - t0 < 2000) {
		if (map_target(&t[n], names[n]))
			n++;
		else
			t_sleep_ms(5);
	}
	if (n < 6)
		failed("scribbler: %s never appeared", names[n]);
	/* Most damage is undone a little later (a word restored to what it
	 * held, which by then may be stale: damage too), so the rings keep
	 * running and meet many damaged states, not one dead end.  Words
	 * that end everything for good (the shutdown flags, the owner's
	 * identity) are left alone until the last third of the run. */
	struct undo {
		uint8_t *at;
		uint64_t old;
		unsigned width;
	} undo[16];
	unsigned n_undo = 0;
	uint64_t spare_until = board->t_start + RUN_MS * 2 / 3;
	bool idle = getenv("SM_SCRIBBLE_IDLE") != NULL; /* traffic only: a baseline */
	/* Exploring: SM_SCRIBBLE_ONLY=i scribbles on target i alone,
	 * SM_SCRIBBLE_KEEP=1 never undoes anything. */
	const char *only = getenv("SM_SCRIBBLE_ONLY");
	bool keep = getenv("SM_SCRIBBLE_KEEP") != NULL;
	while (!stopping()) {
		if (idle) {
			t_sleep_ms(10);
			continue;
		}
		if (n_undo && (n_undo == 16 || below(3) == 0)) {
			struct undo *u = &undo[below(n_undo)];
			if (u->width == 8)
				__atomic_store_n((uint64_t *)u->at, u->old, __ATOMIC_RELAXED);
			else
				__atomic_store_n((uint32_t *)u->at, (uint32_t)u->old, __ATOMIC_RELAXED);
			*u = undo[--n_undo];
		}
		unsigned which = only ? (unsigned)atoi(only) % 6 : below(6);
		struct target *x = &t[which];
		size_t off = aim(x);
		unsigned width = below(2) ? 8 : 4;
		off &= ~(size_t)(width - 1);
		if (off + width > x->size)
			continue;
		/* Not the magic, version, kind and sizes: a file whose header is
		 * wrong is refused on open (tested elsewhere); the rest of the
		 * header is live. */
		if (off < 48)
			continue;
		size_t ring_shutdown = SM_HEADER_SIZE + offsetof(struct smi_ring_ctl, shutdown);
		bool terminal = (off >= 48 && off < 64) || (off >= 72 && off < 76) || /* owner, shutdown */
				(x->ring && off >= ring_shutdown && off < ring_shutdown + 4);
		if (terminal && now_ms() < spare_until)
			continue;
		uint8_t *at = x->base + off;
		uint64_t old;
		if (width == 8) {
			old = __atomic_load_n((uint64_t *)at, __ATOMIC_RELAXED);
			__atomic_store_n((uint64_t *)at, scribble_value(old, 8), __ATOMIC_RELAXED);
		} else {
			old = __atomic_load_n((uint32_t *)at, __ATOMIC_RELAXED);
			__atomic_store_n((uint32_t *)at, (uint32_t)scribble_value(old, 4), __ATOMIC_RELAXED);
		}
		if (!keep && n_undo < 16 && below(4) != 0)
			undo[n_undo++] = (struct undo){ at, old, width };
		board->ok[my_role]++;
		t_sleep_ms(1);
	}
	return 0;
}

/* ---- Parent ---- */

static const struct {
	const char *name;
	int (*fn)(void);
} roles[] = {
	{ "writer1", writer1 }, { "writer2", writer2 }, { "reader1", reader1 },
	{ "reader2", reader2 }, { "server", server },   { "client", client },
	{ "monitor", monitor }, { "scribbler", scribbler },
};
#define N_ROLES (sizeof roles / sizeof roles[0])

int main(void)
{
	const char *env = getenv("SM_SCRIBBLE_SEED");
	seed = env ? strtoull(env, NULL, 0) : UINT64_C(20240601);
	printf("seed=%llu (SM_SCRIBBLE_SEED)\n", (unsigned long long)seed);
	fflush(stdout);
	board = mmap(NULL, sizeof *board, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(board != MAP_FAILED);
	memset(board, 0, sizeof *board);
	board->t_start = now_ms();
	ring_mpmc = t_name("scrm");
	ring_spsc = t_name("scrs");
	ring_spmc = t_name("scrp");
	chan = t_name("scrc");

	sm_ring *m, *s, *p;
	CHECK_EQ(sm_ring_create(&m, ring_mpmc, NODES, NODE_SIZE, NULL), 0);
	CHECK_EQ(sm_ring_create_flags(&s, ring_spsc, NODES, NODE_SIZE,
				      SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, NULL), 0);
	/* 12 nodes: positions map to nodes by division, not a mask. */
	CHECK_EQ(sm_ring_create_flags(&p, ring_spmc, 12, NODE_SIZE, SM_RING_SINGLE_PRODUCER, NULL), 0);

	pid_t pids[N_ROLES];
	for (unsigned i = 0; i < N_ROLES; i++) {
		pids[i] = fork();
		CHECK(pids[i] >= 0);
		if (pids[i] == 0) {
			my_role = (int)i;
			rng_state = seed * 31 + i; /* timeouts and sizes differ per role */
			_exit(roles[i].fn());
		}
	}
	t_sleep_ms(RUN_MS);
	__atomic_store_n(&board->stop, 1, __ATOMIC_RELAXED);
	sm_ring_close(m); /* the owner's close: sleepers wake, writers stop */
	sm_ring_close(s);
	sm_ring_close(p);

	int bad = 0;
	uint64_t until = now_ms() + GRACE_MS;
	bool done[N_ROLES] = { false };
	for (unsigned left = N_ROLES; left;) {
		for (unsigned i = 0; i < N_ROLES; i++) {
			if (done[i])
				continue;
			int st;
			pid_t w = waitpid(pids[i], &st, WNOHANG);
			if (w == 0)
				continue;
			done[i] = true;
			left--;
			if (WIFSIGNALED(st)) {
				fprintf(stderr, "%s died of signal %d\n", roles[i].name, WTERMSIG(st));
				bad = 1;
			} else if (WEXITSTATUS(st) != 0) {
				fprintf(stderr, "%s failed: %s\n", roles[i].name, board->why[i]);
				bad = 1;
			}
		}
		if (left && now_ms() > until) {
			for (unsigned i = 0; i < N_ROLES; i++)
				if (!done[i]) {
					fprintf(stderr, "%s hangs (pid %d): killed\n", roles[i].name,
						(int)pids[i]);
					if (getenv("SM_SCRIBBLE_KEEP_HUNG"))
						continue;
					kill(pids[i], SIGKILL);
					waitpid(pids[i], NULL, 0);
				}
			bad = 1;
			break;
		}
		if (left)
			t_sleep_ms(10);
	}
	for (unsigned i = 0; i < N_ROLES; i++)
		printf("%-9s %8lu ok %8lu failed, worst overrun %lld ms (%s)\n", roles[i].name,
		       board->ok[i], board->err[i], board->worst[i], board->worst_what[i]);
	printf("%s (seed=%llu)\n", bad ? "FAIL" : "ok", (unsigned long long)seed);
	return bad ? T_EXIT_FAIL : T_EXIT_PASS;
}
