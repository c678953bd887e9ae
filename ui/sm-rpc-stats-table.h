/* sm-rpc-stats-table.h — the RPC page's channel statistics: both ends'
 * counters (struct sm_rpc_side_stats, as read from the channel's shared
 * memory, never recomputed) and the p50/p99 of each side's histogram, in
 * two blocks of rows (counter, server, client) side by side where they
 * fit, else one under the other, their columns lined up; and a line on
 * the channel's shape (packet and message sizes, nodes, connections). */
#pragma once

#include <gtk/gtk.h>

#include "sharedmem.h"

G_BEGIN_DECLS

typedef struct _SmRpcStatsTable SmRpcStatsTable;

/* Fill `box` with the rows, every value "—"; `shape` is the label for the
 * channel's shape.  The widgets stay `box`'s and `shape`'s. */
SmRpcStatsTable *sm_rpc_stats_table_new(GtkFlowBox *box, GtkLabel *shape);
void sm_rpc_stats_table_free(SmRpcStatsTable *t);
/* Show `st`: both sides' rows and the shape line. */
void sm_rpc_stats_table_show(SmRpcStatsTable *t, const struct sm_rpc_stats *st);
/* Every value back to "—", the shape line empty (no channel to read). */
void sm_rpc_stats_table_clear(SmRpcStatsTable *t);

G_END_DECLS
