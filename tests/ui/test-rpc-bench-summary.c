/* The run's summary (Calls, OK, p50, p90, p99, Max…) tells of the run
 * whichever histogram is shown: with "Channel" chosen beside the
 * histogram, its latency cells still give the run's exact percentiles,
 * not the channel's power-of-two histogram (whose max is only a bound,
 * "< 4.1 µs"). */
#include <string.h>

#include "rpcbench-test.h"

static void check_cell(SmRpcBenchView *view, const char *title, guint64 ns)
{
	g_autofree char *want = sm_format_ns(ns);
	const char *shown = rb_summary_cell(view, title);
	fprintf(stderr, "%s: shown '%s', the run's '%s'\n", title, shown, want);
	CHECK(strcmp(shown, want) == 0);
}

static void check_run_figures(SmRpcBenchView *view, const SmRpcLoadCounts *c)
{
	check_cell(view, "p50", c->p50_ns);
	check_cell(view, "p90", c->p90_ns);
	check_cell(view, "p99", c->p99_ns);
	check_cell(view, "Max", c->max_ns);
}

static int body(SmRpcBenchView *view, const char *chan)
{
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 500, 2000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK_EQ(c.ok, 500);
	sm_rpc_bench_view_refresh(view);
	check_run_figures(view, &c);

	/* The channel's histogram beside: the summary stays the run's. */
	GtkToggleButton *channel = GTK_TOGGLE_BUTTON(gtk_widget_get_template_child(
		GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW, "hist_channel_toggle"));
	gtk_toggle_button_set_active(channel, TRUE);
	sm_rpc_bench_view_refresh(view);
	CHECK_EQ(sm_rpc_histogram_get_total(sm_rpc_bench_view_get_histogram(view)), rb_channel_calls(chan));
	check_run_figures(view, &c);
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpcsum", body);
}
