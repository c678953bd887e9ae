/* sm-rpc-load.h — RPC traffic for the bench: N caller threads on one
 * client connection, paced or as fast as possible, for a duration or a
 * count, counting every outcome by its cause.
 *
 * Nothing here blocks the thread that starts or stops a run: a runner
 * thread connects, starts the callers, joins them and closes the client;
 * the `done` callback then runs on the main context that was the thread
 * default when the run started, when that context is next iterated. */
#pragma once

#include <glib.h>

#include "sm-rpc-builtin.h"
#include "sm-rpc-latency.h"

G_BEGIN_DECLS

typedef enum {
	SM_RPC_REQUEST_RAW,  /* the payload alone (the in-app server) */
	SM_RPC_REQUEST_ECHO, /* "echo\0" + payload (`sharedmem rpc serve`) */
} SmRpcRequestForm;

typedef struct {
	char            *channel;
	guint            payload;     /* request bytes (the payload) */
	guint            callers;     /* caller threads, 1..SM_RPC_LOAD_MAX_CALLERS */
	double           rate;        /* total calls/s; 0 = as fast as possible */
	guint64          duration_ms; /* 0 = no time limit (the spin button goes past a guint's ms) */
	guint64          count;       /* total calls; 0 = no count limit */
	int              timeout_ms;  /* per call */
	SmRpcRequestForm form;
	gint             expect;      /* SmRpcBuiltinKind to verify responses
				       * against (echo/add/sleep), -1 = none */
} SmRpcLoadSettings;

#define SM_RPC_LOAD_MAX_CALLERS 64u

/* Why a call failed, as the UI groups them. */
typedef enum {
	SM_RPC_FAIL_TIMEOUT,   /* -ETIMEDOUT */
	SM_RPC_FAIL_PEER_GONE, /* -SM_EPEERDEAD, -SM_ENOPEER, -SM_ESHUTDOWN */
	SM_RPC_FAIL_HANDLER,   /* -SM_EREMOTE (with its text), -SM_ENOHANDLER */
	SM_RPC_FAIL_WRONG,     /* a response that is not what the handler gives */
	SM_RPC_FAIL_OTHER,
	SM_RPC_FAIL_N
} SmRpcFailKind;

SmRpcFailKind sm_rpc_fail_kind(int status);
/* "timeout", "peer gone", "handler error", "wrong response", "error". */
const char *sm_rpc_fail_kind_name(SmRpcFailKind kind);

typedef struct {
	guint64  calls;              /* finished calls (ok + failed, not cancelled) */
	guint64  ok;
	guint64  failed[SM_RPC_FAIL_N];
	guint64  cancelled;          /* in flight when the run was stopped */
	guint64  bytes;              /* request + response bytes of ok calls */
	guint64  elapsed_ns;         /* since the callers started */
	int      connect_status;     /* 0, or why the client could not connect */
	gboolean running;            /* callers active */
	gboolean finished;
	int      last_error;         /* status of the last failed call, 0 = none */
	char     last_error_text[320]; /* "peer gone: the process on the other side died" */
	/* The channel's client-side calls_completed before and after the
	 * callers ran, read from shared memory (not counted here). */
	guint64  channel_calls_before, channel_calls_after;
	/* Once finished: exact percentiles of the round trips of successful
	 * calls (smb_percentile(), as `sharedmem bench rpc` computes them),
	 * over every call or, past SM_RPC_LOAD_MAX_SAMPLES, a uniform sample. */
	guint64  samples;
	guint64  p50_ns, p90_ns, p99_ns, max_ns;
} SmRpcLoadCounts;

#define SM_RPC_LOAD_MAX_SAMPLES (4u << 20) /* latencies kept per run (32 MiB) */

typedef struct _SmRpcLoad SmRpcLoad;
typedef void (*SmRpcLoadDoneFn)(SmRpcLoad *load, gpointer user);

/* Start a run (copies `settings`).  Never blocks.  `done` (may be NULL)
 * runs once on the caller's thread-default main context when the run is
 * over; the caller keeps its reference and must keep `user` alive until
 * then or sm_rpc_load_stop() + wait for done. */
SmRpcLoad *sm_rpc_load_start(const SmRpcLoadSettings *settings, SmRpcLoadDoneFn done,
			     gpointer user);
/* The same, but the run connects only once `before` (may be NULL), a run
 * already stopped on the same channel, is over and its client closed:
 * a channel takes one client at a time.  Never blocks either; the run
 * shows as connecting meanwhile. */
SmRpcLoad *sm_rpc_load_start_after(const SmRpcLoadSettings *settings, SmRpcLoad *before,
				   SmRpcLoadDoneFn done, gpointer user);
/* Ask the run to stop: no new calls, calls in flight are cancelled.
 * Never blocks; `done` follows. */
void sm_rpc_load_stop(SmRpcLoad *load);
/* Forget the done callback (its user is going away). */
void sm_rpc_load_disown(SmRpcLoad *load);

SmRpcLoad *sm_rpc_load_ref(SmRpcLoad *load);
void sm_rpc_load_unref(SmRpcLoad *load);

const SmRpcLoadSettings *sm_rpc_load_settings(SmRpcLoad *load);
/* Snapshots, safe while the run goes on. */
void sm_rpc_load_counts(SmRpcLoad *load, SmRpcLoadCounts *out);
void sm_rpc_load_hist(SmRpcLoad *load, SmLatencyHist *out);

void sm_rpc_load_settings_clear(SmRpcLoadSettings *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SmRpcLoad, sm_rpc_load_unref)

G_END_DECLS
