/* sm-rpc-summary.c — see sm-rpc-summary.h. */
#include "sm-rpc-summary.h"

#include "sm-rpc-cells.h"
#include "sm-rpc-rate-plot.h"

enum {
	SUM_CALLS, SUM_OK, SUM_RATE, SUM_P50, SUM_P90, SUM_P99, SUM_MAX,
	SUM_TIMEOUT, SUM_PEER, SUM_HANDLER, SUM_WRONG, SUM_OTHER, SUM_CANCELLED,
	N_SUM
};
static const char *const sum_titles[N_SUM] = {
	"Calls", "OK", "Calls/s", "p50", "p90", "p99", "Max",
	"Timeouts", "Peer gone", "Handler errors", "Wrong responses", "Other errors", "Cancelled",
};

struct _SmRpcSummary {
	GtkLabel *cells[N_SUM];
};

/* The summary's group of a cell: calls, latency or failures. */
static int sum_group(int i)
{
	return i <= SUM_RATE || i == SUM_CANCELLED ? 0 : i <= SUM_MAX ? 1 : 2;
}

SmRpcSummary *sm_rpc_summary_new(GtkBox *box)
{
	SmRpcSummary *s = g_new0(SmRpcSummary, 1);
	/* A line a group where it fits; one width for every cell, so the
	 * groups' columns line up. */
	GtkFlowBox *groups[3];
	for (int g = 0; g < 3; g++) {
		groups[g] = GTK_FLOW_BOX(gtk_flow_box_new());
		gtk_flow_box_set_selection_mode(groups[g], GTK_SELECTION_NONE);
		gtk_flow_box_set_homogeneous(groups[g], TRUE);
		gtk_flow_box_set_max_children_per_line(groups[g], 5);
		gtk_flow_box_set_column_spacing(groups[g], 18);
		gtk_flow_box_set_row_spacing(groups[g], 6);
		gtk_widget_add_css_class(GTK_WIDGET(groups[g]), "reflow");
		gtk_box_append(box, GTK_WIDGET(groups[g]));
	}
	g_autoptr(GtkSizeGroup) cells = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);
	for (int i = 0; i < N_SUM; i++) {
		GtkGrid *g = GTK_GRID(gtk_grid_new());
		gtk_grid_set_row_spacing(g, 2);
		sm_rpc_cell_new(g, 0, 0, sum_titles[i], "dim-label", 0);
		s->cells[i] = sm_rpc_cell_new(g, 0, 1, "—", "numeric", 0);
		gtk_size_group_add_widget(cells, GTK_WIDGET(g));
		sm_rpc_cells_flow_append(groups[sum_group(i)], GTK_WIDGET(g));
	}
	return s;
}

void sm_rpc_summary_free(SmRpcSummary *s)
{
	g_free(s);
}

void sm_rpc_summary_show_run(SmRpcSummary *s, const SmRpcLoadCounts *c, double rate, const guint64 marks[4],
			     const char *max)
{
	sm_rpc_cell_set_u64(s->cells[SUM_CALLS], c->calls);
	sm_rpc_cell_set_u64(s->cells[SUM_OK], c->ok);
	g_autofree char *r = sm_format_rate(rate);
	gtk_label_set_text(s->cells[SUM_RATE], r);
	for (int i = 0; i < 3; i++)
		sm_rpc_cell_set_ns(s->cells[SUM_P50 + i], marks[i]);
	gtk_label_set_text(s->cells[SUM_MAX], max);
	sm_rpc_cell_set_u64(s->cells[SUM_TIMEOUT], c->failed[SM_RPC_FAIL_TIMEOUT]);
	sm_rpc_cell_set_u64(s->cells[SUM_PEER], c->failed[SM_RPC_FAIL_PEER_GONE]);
	sm_rpc_cell_set_u64(s->cells[SUM_HANDLER], c->failed[SM_RPC_FAIL_HANDLER]);
	sm_rpc_cell_set_u64(s->cells[SUM_WRONG], c->failed[SM_RPC_FAIL_WRONG]);
	sm_rpc_cell_set_u64(s->cells[SUM_OTHER], c->failed[SM_RPC_FAIL_OTHER]);
	sm_rpc_cell_set_u64(s->cells[SUM_CANCELLED], c->cancelled);
}

void sm_rpc_summary_show_channel(SmRpcSummary *s, const struct sm_rpc_side_stats *client, double rate,
				 const guint64 marks[4], const char *max)
{
	SmRpcLoadCounts c = { .ok = client->calls_completed, .cancelled = client->cancelled };
	c.failed[SM_RPC_FAIL_TIMEOUT] = client->timeouts;
	c.calls = client->calls_completed + client->timeouts + client->call_errors;
	sm_rpc_summary_show_run(s, &c, rate, marks, max);
	for (int i = SUM_PEER; i <= SUM_OTHER; i++)
		gtk_label_set_text(s->cells[i], "—");
}
