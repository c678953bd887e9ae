/* The RPC page showed byte counts raw ("Bytes written 51609600",
 * "messages up to 1048576 bytes") where the CLI shows "51609600 (49.2
 * MiB)": its cells and its channel line now say sizes as the CLI does
 * (sm_size_text()), with the exact count in the tooltip. */
#include <string.h>

#include "rpcbench-test.h"
#include "sm-segment-item.h"

/* The client's cell in the statistics row titled `title`. */
static GtkLabel *client_cell(SmRpcBenchView *view, const char *title)
{
	GtkWidget *box = GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW,
								   "stats_box"));
	for (GtkWidget *fc = gtk_widget_get_first_child(box); fc; fc = gtk_widget_get_next_sibling(fc)) {
		GtkGrid *grid = GTK_GRID(gtk_widget_get_first_child(fc));
		for (GtkWidget *w = gtk_widget_get_first_child(GTK_WIDGET(grid)); w; w = gtk_widget_get_next_sibling(w)) {
			int col, row;
			gtk_grid_query_child(grid, w, &col, &row, NULL, NULL);
			if (col == 0 && strcmp(gtk_label_get_text(GTK_LABEL(w)), title) == 0)
				return GTK_LABEL(gtk_grid_get_child_at(grid, 2, row));
		}
	}
	fprintf(stderr, "no statistics row '%s'\n", title);
	exit(T_EXIT_FAIL);
}

static void check_size_cell(SmRpcBenchView *view, const char *title, guint64 bytes)
{
	GtkLabel *cell = client_cell(view, title);
	g_autofree char *want = sm_format_size(bytes);
	const char *tip = gtk_widget_get_tooltip_text(GTK_WIDGET(cell));
	g_autofree char *exact = g_strdup_printf("%" G_GUINT64_FORMAT " bytes", bytes);
	fprintf(stderr, "%s: shown '%s' (tooltip '%s'), want '%s' ('%s')\n", title, gtk_label_get_text(cell),
		tip ? tip : "", want, exact);
	CHECK(bytes >= 1024);
	CHECK(strcmp(gtk_label_get_text(cell), want) == 0);
	CHECK(tip && strstr(tip, exact));
}

static int body(SmRpcBenchView *view, const char *chan)
{
	(void)chan;
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 500, 2000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	sm_rpc_bench_view_refresh(view);
	struct sm_rpc_stats st;
	CHECK(sm_rpc_bench_view_get_channel_stats(view, &st));
	check_size_cell(view, "Bytes written", st.client.bytes_written);
	check_size_cell(view, "Bytes read", st.client.bytes_read);

	GtkLabel *peers = GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW,
								  "peers_label"));
	g_autofree char *message = sm_format_size(st.max_message);
	g_autofree char *up_to = g_strdup_printf("messages up to %s;", message);
	const char *tip = gtk_widget_get_tooltip_text(GTK_WIDGET(peers));
	g_autofree char *exact = g_strdup_printf("up to %u bytes", st.max_message);
	fprintf(stderr, "channel line '%s' (tooltip '%s'), want '%s'\n", gtk_label_get_text(peers),
		tip ? tip : "", up_to);
	CHECK(strstr(gtk_label_get_text(peers), up_to));
	CHECK(tip && strstr(tip, exact));
	ui_screenshot(GTK_WIDGET(view), "rpc-bench-byte-sizes");
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpcbytes", body);
}
