/* With no run, the RPC page's summary showed the channel's p50, p90, p99
 * and Max beside "Calls 0", "OK 0", "Calls/s 0" — on `--demo`'s channel,
 * whose caller makes 50 calls a second, which the rate plot above showed
 * ("Calls/s: 50 now").  Without a run the counts are now the channel's
 * client side too, as its percentiles are; those it does not keep apart
 * (errors by kind) read "—".  Screenshot: rpc-bench-no-run-counts. */
#include <string.h>

#include "rpcbench-test.h"

static guint64 cell_number(SmRpcBenchView *view, const char *title)
{
	const char *text = rb_summary_cell(view, title);
	fprintf(stderr, "%s: '%s'\n", title, text);
	char *end;
	guint64 v = g_ascii_strtoull(text, &end, 10);
	CHECK(end != text);
	return v;
}

static char *chan;

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_action(win, "win.refresh", NULL);
	SmRpcBenchView *view = rb_select_channel(win, chan);
	CHECK(sm_rpc_bench_view_get_load(view) == NULL); /* no run */
	sm_rpc_bench_view_refresh(view);
	struct sm_rpc_stats first;
	CHECK(sm_rpc_bench_view_get_channel_stats(view, &first));
	CHECK(rb_wait_channel_calls(view, first.client.calls_completed + 11, 8000));
	struct sm_rpc_stats before;
	CHECK(sm_rpc_bench_view_get_channel_stats(view, &before));
	guint64 ok = cell_number(view, "OK"), calls = cell_number(view, "Calls");
	/* Calls/s: the plot's "now" (the last sample may be 0: this test
	 * refreshes faster than the demo calls). */
	g_autofree char *plotted = sm_format_rate(sm_rpc_rate_plot_get_last(sm_rpc_bench_view_get_rate_plot(view)));
	const char *rate = rb_summary_cell(view, "Calls/s");
	fprintf(stderr, "channel: %llu calls completed; Calls/s '%s', plot '%s'\n",
		(unsigned long long)before.client.calls_completed, rate, plotted);
	CHECK_EQ(ok, before.client.calls_completed);
	CHECK(calls >= ok);
	CHECK(strcmp(rate, plotted) == 0);
	CHECK(strcmp(rb_summary_cell(view, "Wrong responses"), "—") == 0); /* only a run checks answers */
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-no-run-counts");
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_demo(body, &chan);
}
