/* sm-rpc-run.h — one finished bench run: its settings and results, kept
 * in the runs table, compared, exported and read back.
 *
 * Every field is described once in a table (sm_rpc_run_fields), which the
 * runs table's columns, the comparison, CSV and JSON all use, so a field
 * has one name everywhere.  The names of the fields `sharedmem bench rpc
 * --json` prints (workload, transport, msg_size, messages, seconds,
 * msgs_per_s, bytes_per_s, p50_ns, p99_ns, max_ns) are the same here. */
#pragma once

#include <gio/gio.h>

#include "sm-rpc-latency.h"
#include "sm-rpc-load.h"

G_BEGIN_DECLS

typedef struct {
	/* The fields of `sharedmem bench rpc --json` (app/bench/bench-rpc.c),
	 * with the same meanings. */
	char   *workload;        /* "rpc-echo", "rpc-add", "rpc-sleep", "rpc-fail", "rpc-call" */
	char   *transport;       /* "sharedmem-rpc" */
	guint64 msg_size;        /* request payload bytes */
	guint64 callers;
	guint64 messages;        /* successful (and verified) calls */
	double  seconds;
	double  msgs_per_s;      /* successful calls per second */
	double  bytes_per_s;     /* msgs_per_s * msg_size (one direction) */
	guint64 p50_ns, p90_ns, p99_ns, max_ns; /* smb_percentile() of the round trips */
	guint64 lost;            /* calls that failed (any cause) */
	guint64 corrupted;       /* responses that are not what the handler answers */
	/* The workbench's own. */
	guint64 run;             /* 1, 2, ... in this window */
	char   *started;         /* ISO 8601 UTC */
	char   *channel;
	char   *server;          /* "in-app echo", "external (echo method)" */
	double  target_rate;     /* calls/s asked for; 0 = as fast as possible */
	guint64 duration_ms;     /* 0 = none */
	guint64 count;           /* 0 = none */
	guint64 timeout_ms;
	guint64 timeouts, peer_gone, handler_errors, cancelled; /* lost, by cause; cancelled by Stop */
	guint64 channel_calls;   /* client calls_completed during the run, from shared memory */
	char   *last_error;      /* why the last failed call failed, "" if none */
} SmRpcRunData;

typedef enum { SM_RPC_FIELD_STR, SM_RPC_FIELD_U64, SM_RPC_FIELD_DBL } SmRpcFieldType;

typedef struct {
	const char    *name;  /* CSV column / JSON key */
	const char    *title; /* for people */
	SmRpcFieldType type;
	gsize          offset;
	gboolean       column; /* shown in the runs table */
} SmRpcField;

extern const SmRpcField sm_rpc_run_fields[];
extern const guint sm_rpc_run_n_fields;

#define SM_TYPE_RPC_RUN (sm_rpc_run_get_type())
G_DECLARE_FINAL_TYPE(SmRpcRun, sm_rpc_run, SM, RPC_RUN, GObject)

SmRpcRun *sm_rpc_run_new(void);
/* The run's data (the run owns it; edit only before showing it). */
SmRpcRunData *sm_rpc_run_get_data(SmRpcRun *self);
/* The latency histogram of a run made here (NULL for one read from a file). */
const SmLatencyHist *sm_rpc_run_get_hist(SmRpcRun *self);

/* Fill a run from a finished (or stopped) load. */
SmRpcRun *sm_rpc_run_new_from_load(SmRpcLoad *load, guint64 number, const char *server);

/* A field's value as text ("" for an empty string); g_free it. */
char *sm_rpc_run_format(SmRpcRun *self, const SmRpcField *f);
/* Set a field from text; FALSE if it does not parse. */
gboolean sm_rpc_run_parse(SmRpcRun *self, const SmRpcField *f, const char *text);
const SmRpcField *sm_rpc_run_field(const char *name);

/* Export runs (SmRpcRun items of `runs`) as CSV (a header row of field
 * names) or as a JSON array of objects. */
char *sm_rpc_runs_to_csv(GListModel *runs);
char *sm_rpc_runs_to_json(GListModel *runs);
/* Read runs back from either format (told apart by the first character;
 * UTF-8 text only).  Returns a new GListStore of SmRpcRun, or NULL with
 * *error set. */
GListStore *sm_rpc_runs_parse(const char *text, GError **error);

G_END_DECLS
