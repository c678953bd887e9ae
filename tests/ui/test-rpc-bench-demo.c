/* `sharedmem-workbench --demo` (what ./run.sh starts): the demo RPC
 * channel is served by the workbench and a slow steady caller keeps it
 * busy, so the RPC page shows live latency read from the channel's shared
 * memory.  Screenshot: rpc-bench-demo. */
#include "rpcbench-test.h"
#include "sm-demo.h"
#include "sm-settings.h"

#include <unistd.h>

static char *chan;

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static gboolean rate_is_20(gpointer view)
{
	return sm_rpc_bench_view_get_sample_rate(view) == 20;
}

static guint plot_samples_before;

/* Samples keep coming at the new rate, after the history kept. */
static gboolean plot_grew(gpointer view)
{
	return sm_rpc_rate_plot_get_n_samples(sm_rpc_bench_view_get_rate_plot(view)) >=
	       plot_samples_before + 3;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_action(win, "win.refresh", NULL);
	CHECK(ui_wait(listed, chan, 3000));
	CHECK(sm_application_owns(app, chan));
	CHECK(sm_window_select_segment(win, chan));
	SmRpcBenchView *view = rb_show_view(win);
	CHECK(sm_rpc_bench_view_get_load(view) == NULL); /* no run of its own */

	sm_rpc_bench_view_refresh(view);
	struct sm_rpc_stats a, b;
	CHECK(sm_rpc_bench_view_get_channel_stats(view, &a));
	/* 50 calls/s: 10 take 0.2 s unloaded */
	CHECK(rb_wait_channel_calls(view, a.client.calls_completed + 11, 8000));
	CHECK(sm_rpc_bench_view_get_channel_stats(view, &b));
	/* The demo's caller is this process, and its calls keep coming. */
	fprintf(stderr, "demo calls: %llu -> %llu, client pid %d\n", (unsigned long long)a.client.calls_completed,
		(unsigned long long)b.client.calls_completed, (int)b.client_pid);
	CHECK_EQ(b.client_pid, getpid());
	CHECK_EQ(b.server_pid, getpid());
	CHECK(b.client.calls_completed > a.client.calls_completed + 10);
	CHECK_EQ(b.client.call_errors + b.client.timeouts, 0);
	/* The histogram shows the channel's own latency histogram. */
	guint64 total = 0;
	for (unsigned i = 0; i < SM_RPC_HIST_BUCKETS; i++)
		total += b.client.latency_hist[i];
	CHECK(total > 10);
	CHECK_EQ(sm_rpc_histogram_get_total(sm_rpc_bench_view_get_histogram(view)), total);
	CHECK(sm_rpc_rate_plot_get_n_samples(sm_rpc_bench_view_get_rate_plot(view)) >= 3);
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-demo");

	/* The view samples at the "sample-rate" setting, like the ring monitor:
	 * a new rate keeps the plot's history (resampled) and goes on. */
	CHECK_EQ(sm_rpc_bench_view_get_sample_rate(view), 10); /* the schema's default */
	SmRpcRatePlot *plot = sm_rpc_bench_view_get_rate_plot(view);
	guint held = sm_rpc_rate_plot_get_n_samples(plot);
	g_autoptr(GSettings) settings = sm_settings_new();
	g_settings_set_uint(settings, "sample-rate", 20);
	CHECK(ui_wait(rate_is_20, view, 3000));
	plot_samples_before = sm_rpc_rate_plot_get_n_samples(plot);
	CHECK(plot_samples_before >= 2 * held - 1);
	CHECK(ui_wait(plot_grew, view, 8000));
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_demo(body, &chan);
}
