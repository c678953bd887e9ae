/* cli-bench-transports.c — the transports of `bench compare`, each a thin
 * adapter from an engine in app/bench/ to struct cmp_result: streams run
 * by bench.h (the ring's engine), request/response by bench-rpc.h (the
 * RPC engine's driver) and bench-rpc-alt.h, ZeroMQ by bench-zmq.h. */
#include "cli-bench-compare.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sharedmem/error.h>
#include <sharedmem/ring.h>

#include "bench-rpc-alt.h"
#include "bench.h"
#include "bench-rpc.h"
#ifdef SM_HAVE_ZMQ
#include "bench-zmq.h"
#endif

/* ---- Request/response: the RPC engine's driver ---- */

/* An engine's error as a note: -ENOTSUP (it cannot carry this size here)
 * is a skip, anything else a failure. */
static int not_run(int ret, const struct cmp_workload *w, char *note, size_t note_size)
{
	if (ret == -ENOTSUP && (w->senders > 1 || w->receivers > 1)) {
		snprintf(note, note_size, "a byte stream: several writers would interleave their "
			 "messages");
		return CMP_SKIPPED;
	}
	if (ret == -ENOTSUP) {
		snprintf(note, note_size, "%zu-byte messages are over this system's limit for it",
			 w->msg_size);
		return CMP_SKIPPED;
	}
	snprintf(note, note_size, "%s", sm_strerror(ret));
	return ret;
}

/* An engine's return value and struct smb_rpc_result as a compare result. */
static int from_rpc_result(int ret, const struct smb_rpc_result *r, const struct cmp_workload *w,
			   struct cmp_result *res, char *note, size_t note_size)
{
	if (ret < 0)
		return not_run(ret, w, note, note_size);
	res->messages = r->messages;
	res->seconds = r->seconds;
	res->p50_ns = r->p50_ns;
	res->p99_ns = r->p99_ns;
	res->max_ns = r->max_ns;
	res->lost = r->lost;
	res->duplicated = r->duplicated;
	res->corrupted = r->corrupted;
	return 0;
}

typedef int (*rpc_run_fn)(const struct smb_rpc_config *cfg, struct smb_rpc_result *out);

static int run_reqresp(rpc_run_fn fn, const struct cmp_workload *w, double seconds,
		       uint64_t count, struct cmp_result *res, char *note, size_t note_size)
{
	struct smb_rpc_config cfg;
	smb_rpc_config_init(&cfg);
	cfg.msg_size = w->msg_size;
	cfg.callers = w->senders;
	cfg.seconds = seconds;
	cfg.count = count;
	struct smb_rpc_result r;
	return from_rpc_result(fn(&cfg, &r), &r, w, res, note, note_size);
}

/* ---- Streams: the ring's engine ---- */

static int run_stream(enum sm_bench_transport t, unsigned ring_flags, const struct cmp_workload *w,
		      double seconds, uint64_t count, struct cmp_result *res, char *note,
		      size_t note_size)
{
	struct sm_bench_ring_opts o;
	memset(&o, 0, sizeof o);
	o.ring_flags = ring_flags;
	o.msg_size = w->msg_size;
	o.producers = w->senders;
	o.consumers = w->receivers;
	o.seconds = seconds;
	o.messages = (count + w->senders - 1) / w->senders; /* per producer */
	struct sm_bench_result r;
	int ret = sm_bench_run(t, &o, &r);
	if (ret == -ENOTSUP || ret < 0)
		return not_run(ret, w, note, note_size);
	res->messages = r.messages;
	res->seconds = r.seconds;
	res->p50_ns = r.p50_ns; /* one-way, sampled; 0 where not measured */
	res->p99_ns = r.p99_ns;
	res->max_ns = r.max_ns;
	res->lost = r.lost;
	res->duplicated = r.duplicated + r.reordered;
	res->corrupted = r.corrupted;
	return 0;
}

/* A transport that carries streams with engine `st` (on a ring of mode
 * `flags`) and request/response with `rr` (NULL: streams only). */
#define TRANSPORT(fn_name, st, flags, rr)                                                  \
	static int fn_name(const struct cmp_workload *w, double seconds, uint64_t count,     \
			   struct cmp_result *res, char *note, size_t note_size)           \
	{                                                                                  \
		rpc_run_fn rr_ = rr;                                                       \
		if (w->kind == CMP_REQRESP && rr_)                                         \
			return run_reqresp(rr_, w, seconds, count, res, note, note_size);  \
		return run_stream(st, flags, w, seconds, count, res, note, note_size);     \
	}

#define SPSC (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)
TRANSPORT(t_sharedmem, SM_BENCH_RING, 0, smb_rpc_run_sharedmem)
TRANSPORT(t_burst, SM_BENCH_RING_BURST, 0, NULL)
TRANSPORT(t_zerocopy, SM_BENCH_RING_ZEROCOPY, 0, NULL)
TRANSPORT(t_spsc, SM_BENCH_RING, SPSC, NULL)
TRANSPORT(t_spsc_burst, SM_BENCH_RING_BURST, SPSC, NULL)
TRANSPORT(t_spsc_zerocopy, SM_BENCH_RING_ZEROCOPY, SPSC, NULL)
TRANSPORT(t_pipe, SM_BENCH_PIPE, 0, smb_rpc_run_pipe)
TRANSPORT(t_unix, SM_BENCH_UNIX_STREAM, 0, smb_rpc_run_unix)
TRANSPORT(t_seqpacket, SM_BENCH_UNIX_SEQPACKET, 0, smb_rpc_run_seqpacket)
TRANSPORT(t_mq, SM_BENCH_MQUEUE, 0, smb_rpc_run_mq)
TRANSPORT(t_bare, SM_BENCH_BARE_RING, 0, NULL)
TRANSPORT(t_memcpy, SM_BENCH_MEMCPY, 0, NULL)

/* ---- ZeroMQ (optional) ---- */

#ifdef SM_HAVE_ZMQ
static int run_zmq(const struct cmp_workload *w, double seconds, uint64_t count,
		   struct cmp_result *res, char *note, size_t note_size)
{
	const char *why = smb_zmq_load();
	if (why) { /* as when not built in: the library is not there */
		snprintf(note, note_size, "%s", why);
		return CMP_SKIPPED;
	}
	struct smb_rpc_result z;
	int r = w->kind == CMP_STREAM ? smb_zmq_stream(w->msg_size, seconds, count, &z) :
					smb_zmq_reqresp(w->msg_size, seconds, count, &z);
	return from_rpc_result(r, &z, w, res, note, note_size);
}

const char *cmp_zmq_note(void)
{
	static char v[48];
	const char *why = smb_zmq_load();
	if (why)
		return why;
	if (!v[0]) {
		char ver[16];
		smb_zmq_version(ver, sizeof ver);
		snprintf(v, sizeof v, "libzmq %s", ver);
	}
	return v;
}
#else
static int run_zmq(const struct cmp_workload *w, double seconds, uint64_t count,
		   struct cmp_result *res, char *note, size_t note_size)
{
	(void)w, (void)seconds, (void)count, (void)res;
	snprintf(note, note_size, "ZeroMQ not built in (libzmq not found, or -Dzeromq=disabled)");
	return CMP_SKIPPED;
}

const char *cmp_zmq_note(void)
{
	return "not built";
}
#endif

/* ---- The table ---- */

const struct cmp_transport cmp_transports[] = {
	{ "sharedmem", CMP_SHAREDMEM, CMP_STREAMS | CMP_REQRESPS, 0, false, t_sharedmem },
	/* bursts are for small messages (32 of them per call) */
	{ "sharedmem-burst", CMP_SHAREDMEM, CMP_STREAMS, 64u << 10, false, t_burst },
	{ "sharedmem-zerocopy", CMP_SHAREDMEM, CMP_STREAMS, 0, false, t_zerocopy },
	/* the same on a single-producer, single-consumer ring */
	{ "sharedmem-spsc", CMP_SHAREDMEM, CMP_STREAMS, 0, true, t_spsc },
	{ "sharedmem-spsc-burst", CMP_SHAREDMEM, CMP_STREAMS, 64u << 10, true, t_spsc_burst },
	{ "sharedmem-spsc-zerocopy", CMP_SHAREDMEM, CMP_STREAMS, 0, true, t_spsc_zerocopy },
	{ "pipe", CMP_ALTERNATIVE, CMP_STREAMS | CMP_REQRESPS, 0, false, t_pipe },
	{ "unix-stream", CMP_ALTERNATIVE, CMP_STREAMS | CMP_REQRESPS, 0, false, t_unix },
	{ "unix-seqpacket", CMP_ALTERNATIVE, CMP_STREAMS | CMP_REQRESPS, 0, false, t_seqpacket },
	{ "posix-mq", CMP_ALTERNATIVE, CMP_STREAMS | CMP_REQRESPS, 0, false, t_mq },
	/* a bare spsc ring in shared memory: what the ring peers build on */
	{ "bare-ring", CMP_ALTERNATIVE, CMP_STREAMS, 0, true, t_bare },
	/* the ZeroMQ harness runs one producer and one consumer (one caller) */
	{ "zeromq", CMP_ALTERNATIVE, CMP_STREAMS | CMP_REQRESPS, 0, true, run_zmq },
	/* one process copying: the ceiling of one stream */
	{ "memcpy", CMP_CEILING, CMP_STREAMS, 0, true, t_memcpy },
};
const size_t cmp_n_transports = sizeof cmp_transports / sizeof cmp_transports[0];
