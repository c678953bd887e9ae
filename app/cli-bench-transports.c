/* cli-bench-transports.c — the transports of `bench compare`, each a thin
 * adapter from an engine in app/bench/ to struct cmp_result: streams run
 * by bench.h (the ring's engine), request/response by bench-rpc.h (the
 * RPC engine's driver) and bench-rpc-alt.h, ZeroMQ by bench-zmq.h. */
#include "cli-bench-compare.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench-rpc-alt.h"
#include "bench-rpc.h"
#ifdef SM_HAVE_ZMQ
#include "bench-zmq.h"
#endif

/* ---- Request/response: the RPC engine's driver ---- */

/* An engine's return value and struct smb_rpc_result as a compare result. */
static int from_rpc_result(int ret, const struct smb_rpc_result *r, const struct cmp_workload *w,
			   struct cmp_result *res, char *note, size_t note_size)
{
	if (ret == -ENOTSUP) {
		snprintf(note, note_size, "%zu-byte messages are over this system's limit for it",
			 w->msg_size);
		return CMP_SKIPPED;
	}
	if (ret < 0) {
		snprintf(note, note_size, "%s", strerror(-ret));
		return ret;
	}
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
		       struct cmp_result *res, char *note, size_t note_size)
{
	struct smb_rpc_config cfg;
	smb_rpc_config_init(&cfg);
	cfg.msg_size = w->msg_size;
	cfg.seconds = seconds;
	struct smb_rpc_result r;
	return from_rpc_result(fn(&cfg, &r), &r, w, res, note, note_size);
}

#define REQRESP(fn_name, engine)                                                           \
	static int fn_name(const struct cmp_workload *w, double seconds, struct cmp_result *res, \
			   char *note, size_t note_size)                                   \
	{                                                                                  \
		return run_reqresp(engine, w, seconds, res, note, note_size);              \
	}

REQRESP(rr_sharedmem, smb_rpc_run_sharedmem)
REQRESP(rr_unix, smb_rpc_run_unix)
REQRESP(rr_pipe, smb_rpc_run_pipe)
REQRESP(rr_seqpacket, smb_rpc_run_seqpacket)
REQRESP(rr_mq, smb_rpc_run_mq)

/* ---- ZeroMQ (optional) ---- */

#ifdef SM_HAVE_ZMQ
static int run_zmq(const struct cmp_workload *w, double seconds, struct cmp_result *res,
		   char *note, size_t note_size)
{
	struct smb_rpc_result z;
	int r = w->kind == CMP_STREAM ? smb_zmq_stream(w->msg_size, seconds, 0, &z) :
					smb_zmq_reqresp(w->msg_size, seconds, 0, &z);
	return from_rpc_result(r, &z, w, res, note, note_size);
}

const char *cmp_zmq_note(void)
{
	static char v[48];
	if (!v[0]) {
		char ver[16];
		smb_zmq_version(ver, sizeof ver);
		snprintf(v, sizeof v, "libzmq %s", ver);
	}
	return v;
}
#else
static int run_zmq(const struct cmp_workload *w, double seconds, struct cmp_result *res,
		   char *note, size_t note_size)
{
	(void)w, (void)seconds, (void)res;
	snprintf(note, note_size, "ZeroMQ not built in (libzmq was not found at build time)");
	return CMP_SKIPPED;
}

const char *cmp_zmq_note(void)
{
	return "not built (libzmq not found)";
}
#endif

/* ---- The table ---- */

const struct cmp_transport cmp_transports[] = {
	{ "sharedmem", CMP_SHAREDMEM, CMP_REQRESPS, rr_sharedmem },
	{ "pipe", CMP_ALTERNATIVE, CMP_REQRESPS, rr_pipe },
	{ "unix-stream", CMP_ALTERNATIVE, CMP_REQRESPS, rr_unix },
	{ "unix-seqpacket", CMP_ALTERNATIVE, CMP_REQRESPS, rr_seqpacket },
	{ "posix-mq", CMP_ALTERNATIVE, CMP_REQRESPS, rr_mq },
	{ "zeromq", CMP_ALTERNATIVE, CMP_STREAMS | CMP_REQRESPS, run_zmq },
};
const size_t cmp_n_transports = sizeof cmp_transports / sizeof cmp_transports[0];
