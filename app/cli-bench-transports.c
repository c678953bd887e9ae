/* cli-bench-transports.c — the transports of `bench compare`, each a thin
 * adapter from the engines in app/bench/ to struct cmp_result. */
#include "cli-bench-compare.h"

#include <stdio.h>
#include <string.h>

#ifdef SM_HAVE_ZMQ
#include "bench-zmq.h"
#endif

#ifdef SM_HAVE_ZMQ
static int run_zmq(const struct cmp_workload *w, double seconds, struct cmp_result *res,
		   char *note, size_t note_size)
{
	struct smb_zmq_result z;
	int r = w->kind == CMP_STREAM ? smb_zmq_stream(w->msg_size, seconds, 0, &z) :
					smb_zmq_reqresp(w->msg_size, seconds, 0, &z);
	if (r < 0) {
		snprintf(note, note_size, "zeromq: %s", strerror(-r));
		return r;
	}
	res->messages = z.messages;
	res->seconds = z.seconds;
	res->p50_ns = z.p50_ns;
	res->p99_ns = z.p99_ns;
	res->max_ns = z.max_ns;
	res->lost = z.lost;
	res->duplicated = z.duplicated;
	res->corrupted = z.corrupted;
	return 0;
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

const struct cmp_transport cmp_transports[] = {
	{ "zeromq", CMP_ALTERNATIVE, run_zmq },
};
const size_t cmp_n_transports = sizeof cmp_transports / sizeof cmp_transports[0];
