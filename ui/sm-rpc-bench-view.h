/* sm-rpc-bench-view.h — the "rpc" page: an RPC test bench for the
 * selected channel.
 *
 * Serve the channel from the workbench with a built-in handler (echo,
 * add, sleep N µs, fail), or drive a server that runs elsewhere
 * (`sharedmem rpc serve`: then each request is "echo\0" + payload), or
 * create a new channel.  Traffic: payload size, concurrent callers, a
 * target rate or as fast as possible, seconds or a count of calls or until
 * stopped, a timeout per call.  Live: calls/s, a log-scale latency
 * histogram with p50/p90/p99/max, failures by cause with the last one's
 * reason, and both ends' statistics read from the channel's shared memory
 * (sm_rpc_open_monitor, never recomputed).  Finished runs go to the runs
 * table (SmRpcRuns): compare, export CSV/JSON.
 *
 * Callers run on their own threads (SmRpcLoad); the UI thread only reads
 * counters on a 250 ms timer while the page is mapped.
 *
 * Actions (group "rpc-bench", installed in class_init):
 *   rpc-bench.start-server        serve the channel with the chosen handler
 *   rpc-bench.stop-server         close the workbench's server of the channel
 *   rpc-bench.create-channel  s   create channel s, served by the workbench
 *   rpc-bench.start-run           start traffic with the settings shown
 *   rpc-bench.stop-run            stop it (calls in flight are cancelled)
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-rpc-histogram.h"
#include "sm-rpc-load.h"
#include "sm-rpc-rate-plot.h"
#include "sm-rpc-runs.h"

G_BEGIN_DECLS

#define SM_TYPE_RPC_BENCH_VIEW (sm_rpc_bench_view_get_type())
G_DECLARE_FINAL_TYPE(SmRpcBenchView, sm_rpc_bench_view, SM, RPC_BENCH_VIEW, GtkWidget)

/* Property "segment-name" (the view contract in sm-window.c). */
void sm_rpc_bench_view_set_segment_name(SmRpcBenchView *self, const char *name);
const char *sm_rpc_bench_view_get_segment_name(SmRpcBenchView *self);

/* Set the settings widgets (what a user would type). */
void sm_rpc_bench_view_set_handler(SmRpcBenchView *self, SmRpcBuiltinKind kind, guint sleep_us,
				   const char *fail_text);
/* limit: 0 seconds, 1 calls, 2 until stopped; rate 0 = as fast as possible. */
void sm_rpc_bench_view_set_traffic(SmRpcBenchView *self, guint payload, guint callers, double rate,
				   guint limit, double limit_value, int timeout_ms);

/* The current (or last) run's load, or NULL. */
SmRpcLoad *sm_rpc_bench_view_get_load(SmRpcBenchView *self);
gboolean sm_rpc_bench_view_is_running(SmRpcBenchView *self);
/* Read the counters and the channel now (what the timer does). */
void sm_rpc_bench_view_refresh(SmRpcBenchView *self);
/* Text of the status and error lines. */
const char *sm_rpc_bench_view_get_status(SmRpcBenchView *self);
const char *sm_rpc_bench_view_get_error(SmRpcBenchView *self);
/* The channel's statistics as last read (FALSE if none could be read). */
gboolean sm_rpc_bench_view_get_channel_stats(SmRpcBenchView *self, struct sm_rpc_stats *out);

SmRpcHistogram *sm_rpc_bench_view_get_histogram(SmRpcBenchView *self);
SmRpcRatePlot *sm_rpc_bench_view_get_rate_plot(SmRpcBenchView *self);
SmRpcRuns *sm_rpc_bench_view_get_runs(SmRpcBenchView *self);

G_END_DECLS
