/* sm-rpc-stats-table.c — see sm-rpc-stats-table.h. */
#include "sm-rpc-stats-table.h"

#include "sm-figure-grid.h"
#include "sm-rpc-cells.h"
#include "sm-rpc-latency.h"
#include "sm-segment-item.h"

/* One row of the channel statistics: a counter of struct sm_rpc_side_stats. */
typedef struct {
	const char *title;
	gsize       offset;
	gboolean    is_signed; /* int64 that starts at -1 */
	gboolean    is_ns;
	gboolean    is_bytes;  /* shown as the CLI shows sizes, exact in the tooltip */
} StatRow;

#define ROW(t, f) { t, G_STRUCT_OFFSET(struct sm_rpc_side_stats, f), FALSE, FALSE, FALSE }
#define ROW_B(t, f) { t, G_STRUCT_OFFSET(struct sm_rpc_side_stats, f), FALSE, FALSE, TRUE }
#define ROW_I(t, f, ns) { t, G_STRUCT_OFFSET(struct sm_rpc_side_stats, f), TRUE, ns, FALSE }
static const StatRow stat_rows[] = {
	ROW("Calls started", calls_started),
	ROW("Calls completed", calls_completed),
	ROW("In flight", in_flight),
	ROW("Timeouts", timeouts),
	ROW("Call errors", call_errors),
	ROW("Cancelled", cancelled),
	ROW("Peer deaths", peer_deaths),
	ROW("Requests sent", requests_sent),
	ROW("Responses sent", responses_sent),
	ROW("Errors sent", errors_sent),
	ROW("Requests received", requests_received),
	ROW("Responses received", responses_received),
	ROW("Errors received", errors_received),
	ROW("Discarded responses", discarded_responses),
	ROW_B("Bytes written", bytes_written),
	ROW_B("Bytes read", bytes_read),
	ROW("Packets written", packets_written),
	ROW("Packets read", packets_read),
	ROW_I("Largest packet written", writing_max_packet_size, FALSE),
	ROW_I("Largest packet read", reading_max_packet_size, FALSE),
	ROW_I("Longest wait to write", max_wait_write_ns, TRUE),
	ROW_I("Longest wait to read", max_wait_read_ns, TRUE),
	ROW("Protocol errors", protocol_errors),
	ROW("Failed packet writes", write_failures),
};
#undef ROW
#undef ROW_B
#undef ROW_I
#define N_STAT_ROWS G_N_ELEMENTS(stat_rows)
#define N_LAT_ROWS 2 /* p50, p99 of each side's histogram */
#define STAT_VALUE_CHARS 10 /* digits a statistics cell has room for */

struct _SmRpcStatsTable {
	GtkLabel *cells[N_STAT_ROWS + N_LAT_ROWS][2]; /* [row][0 server, 1 client] */
	GtkLabel *shape;
};

static void add_rows(SmRpcStatsTable *t, GtkGrid *blocks[2])
{
	const guint n = N_STAT_ROWS + N_LAT_ROWS, half = (n + 1) / 2;
	g_autoptr(GtkSizeGroup) titles = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);
	for (guint r = 0; r < n; r++) {
		const char *title = r < N_STAT_ROWS ? stat_rows[r].title
				    : r == N_STAT_ROWS ? "Latency p50 (histogram)" : "Latency p99 (histogram)";
		GtkGrid *g = blocks[r < half ? 0 : 1];
		int row = (int)(r < half ? r : r - half) + 1;
		gtk_size_group_add_widget(titles, GTK_WIDGET(sm_rpc_cell_new(g, 0, row, title, NULL, 0)));
		for (int side = 0; side < 2; side++) {
			GtkLabel *l = sm_rpc_cell_new(g, side + 1, row, "—", "numeric", 1);
			t->cells[r][side] = l;
			gtk_label_set_selectable(l, TRUE);
			/* Room for a long count from the start, so the blocks
			 * do not re-flow as a run's counts grow. */
			gtk_label_set_width_chars(l, STAT_VALUE_CHARS);
		}
	}
}

SmRpcStatsTable *sm_rpc_stats_table_new(GtkFlowBox *box, GtkLabel *shape)
{
	SmRpcStatsTable *t = g_new0(SmRpcStatsTable, 1);
	t->shape = shape;
	/* Two blocks: counter, server, client; side by side where they fit,
	 * else one under the other, their columns lined up. */
	GtkGrid *blocks[2];
	for (int b = 0; b < 2; b++) {
		blocks[b] = GTK_GRID(gtk_grid_new());
		gtk_grid_set_column_spacing(blocks[b], 18);
		gtk_grid_set_row_spacing(blocks[b], 1);
		gtk_widget_set_halign(GTK_WIDGET(blocks[b]), GTK_ALIGN_START);
		sm_rpc_cell_new(blocks[b], 1, 0, "Server", "heading", 1);
		sm_rpc_cell_new(blocks[b], 2, 0, "Client", "heading", 1);
		sm_rpc_cells_flow_append(box, GTK_WIDGET(blocks[b]));
	}
	add_rows(t, blocks);
	return t;
}

void sm_rpc_stats_table_free(SmRpcStatsTable *t)
{
	g_free(t);
}

static void show_row(GtkLabel *l, const StatRow *row, const struct sm_rpc_side_stats *s)
{
	const void *p = G_STRUCT_MEMBER_P(s, row->offset);
	if (row->is_bytes) {
		sm_figure_label_set_size(l, *(const uint64_t *)p);
		return;
	}
	if (!row->is_signed) {
		sm_rpc_cell_set_u64(l, *(const uint64_t *)p);
		return;
	}
	int64_t v = *(const int64_t *)p;
	if (v < 0)
		gtk_label_set_text(l, "—");
	else if (row->is_ns)
		sm_rpc_cell_set_ns(l, (guint64)v);
	else
		sm_rpc_cell_set_u64(l, (guint64)v);
}

static void show_side(SmRpcStatsTable *t, int side, const struct sm_rpc_side_stats *s)
{
	for (guint r = 0; r < N_STAT_ROWS; r++)
		show_row(t->cells[r][side], &stat_rows[r], s);
	SmLatencyBuckets b;
	sm_latency_buckets_from_channel(&b, s->latency_hist);
	sm_rpc_cell_set_ns(t->cells[N_STAT_ROWS][side], sm_latency_percentile(&b, 50));
	sm_rpc_cell_set_ns(t->cells[N_STAT_ROWS + 1][side], sm_latency_percentile(&b, 99));
}

/* Packet and message sizes as the CLI shows sizes; the exact counts in
 * the tooltip. */
static void show_shape(SmRpcStatsTable *t, const struct sm_rpc_stats *st)
{
	g_autofree char *packet = sm_format_size(st->packet_size);
	g_autofree char *header = sm_format_size(st->protocol_overhead_per_packet);
	g_autofree char *message = sm_format_size(st->max_message);
	g_autofree char *peers = g_strdup_printf(
		"Packets of %s (%s of header), %u nodes per ring, messages up to %s; %u client connection%s so far.",
		packet, header, st->node_count, message, st->connections, st->connections == 1 ? "" : "s");
	g_autofree char *exact = g_strdup_printf("Packets of %u bytes (%u of header), messages up to %u bytes.",
						 st->packet_size, st->protocol_overhead_per_packet,
						 st->max_message);
	gtk_label_set_text(t->shape, peers);
	gtk_widget_set_tooltip_text(GTK_WIDGET(t->shape), exact);
}

void sm_rpc_stats_table_show(SmRpcStatsTable *t, const struct sm_rpc_stats *st)
{
	show_shape(t, st);
	show_side(t, 0, &st->server);
	show_side(t, 1, &st->client);
}

void sm_rpc_stats_table_clear(SmRpcStatsTable *t)
{
	for (guint r = 0; r < N_STAT_ROWS + N_LAT_ROWS; r++)
		for (int side = 0; side < 2; side++) {
			gtk_label_set_text(t->cells[r][side], "—");
			gtk_widget_set_tooltip_text(GTK_WIDGET(t->cells[r][side]), NULL);
		}
	gtk_label_set_text(t->shape, "");
	gtk_widget_set_tooltip_text(GTK_WIDGET(t->shape), NULL);
}
