/* sm-rpc-summary.h — the RPC page's run summary: a title over each value,
 * in three groups (calls; latency p50, p90, p99, max; failures by cause),
 * each a line where it fits, their columns lined up.  Shows a run's
 * counts, or with no run the channel's client side as shared memory
 * keeps it. */
#pragma once

#include <gtk/gtk.h>

#include "sm-rpc-load.h"

G_BEGIN_DECLS

typedef struct _SmRpcSummary SmRpcSummary;

/* Fill `box` with the groups, every value "—".  The widgets stay `box`'s. */
SmRpcSummary *sm_rpc_summary_new(GtkBox *box);
void sm_rpc_summary_free(SmRpcSummary *s);
/* A run's counts `c` at `rate` calls/s; marks[0..2] its p50, p90 and p99
 * (0: "—"), `max` its maximum as text. */
void sm_rpc_summary_show_run(SmRpcSummary *s, const SmRpcLoadCounts *c, double rate, const guint64 marks[4],
			     const char *max);
/* No run: the channel's `client` side (any client), as its percentiles
 * are.  The channel keeps its errors together, not by cause: those read
 * "—". */
void sm_rpc_summary_show_channel(SmRpcSummary *s, const struct sm_rpc_side_stats *client, double rate,
				 const guint64 marks[4], const char *max);

G_END_DECLS
