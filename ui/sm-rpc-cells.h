/* sm-rpc-cells.h — the label cells of the RPC page's figures (the run
 * summary, SmRpcSummary; the channel statistics, SmRpcStatsTable): a
 * label placed in a grid, grids in a flow box that only lays out, and a
 * count or a duration as a cell's text. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A label showing `text` at (col, row) of `grid`, aligned by `xalign`,
 * with the CSS class `css` (NULL: none). */
GtkLabel *sm_rpc_cell_new(GtkGrid *grid, int col, int row, const char *text, const char *css, float xalign);
/* Append `child` to `box`, a flow box of cells that Tab passes by. */
void sm_rpc_cells_flow_append(GtkFlowBox *box, GtkWidget *child);
/* A count in digits. */
void sm_rpc_cell_set_u64(GtkLabel *cell, guint64 v);
/* A duration as sm_format_ns() says it; "—" for 0 (none). */
void sm_rpc_cell_set_ns(GtkLabel *cell, guint64 ns);

G_END_DECLS
