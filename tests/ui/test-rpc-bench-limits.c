/* The run's limit as typed: a limit of seconds runs that long, however
 * long (4294968 s is 4294968000 ms, more than a guint holds: it ran for
 * 0.7 s); a limit of no time or no calls (0 s, 0.4 calls) is refused,
 * saying why, not taken as no limit (the run went on until stopped).
 * The value reads as its kind: "300" calls (it read "300.0"), "2.5"
 * seconds; 0.6 calls, shown as 1, is one call (it was refused as 0); with
 * no limit the value is off, as it changes nothing. */
#include <string.h>

#include "rpcbench-test.h"

/* Start a run limited to `value` seconds (limit 0) or calls (1): refused. */
static void check_refused(SmRpcBenchView *view, guint limit, double value)
{
	sm_rpc_bench_view_set_traffic(view, 16, 1, 0, limit, value, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	const char *err = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "%g %s: running %d, error '%s'\n", value, limit ? "calls" : "s",
		sm_rpc_bench_view_is_running(view), err ? err : "");
	if (sm_rpc_bench_view_is_running(view)) {
		rb_action(view, "rpc-bench.stop-run", NULL);
		rb_wait_run(view, 5000);
		exit(T_EXIT_FAIL);
	}
	CHECK(err && strstr(err, "limit"));
}

static GtkWidget *limit_spin(SmRpcBenchView *view)
{
	GObject *w = gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW, "limit_spin");
	CHECK(w != NULL);
	return GTK_WIDGET(w);
}

/* Set limit `limit` of `value`: the field then reads `text`, and is on
 * or off. */
static void check_shown(SmRpcBenchView *view, guint limit, double value, const char *text, gboolean on)
{
	sm_rpc_bench_view_set_traffic(view, 16, 1, 0, limit, value, 1000);
	ui_iterate(20);
	const char *shown = gtk_editable_get_text(GTK_EDITABLE(limit_spin(view)));
	fprintf(stderr, "limit %u of %g reads '%s', %s\n", limit, value, shown,
		gtk_widget_get_sensitive(limit_spin(view)) ? "on" : "off");
	CHECK(strcmp(shown, text) == 0);
	CHECK(gtk_widget_get_sensitive(limit_spin(view)) == on);
}

static int body(SmRpcBenchView *view, const char *chan)
{
	check_refused(view, 0, 0);
	check_refused(view, 1, 0);
	check_refused(view, 1, 0.4);
	CHECK(sm_rpc_bench_view_get_load(view) == NULL);

	check_shown(view, 1, 300, "300", TRUE);
	check_shown(view, 0, 2.5, "2.5", TRUE);
	check_shown(view, 2, 5, "5", FALSE);

	/* 0.6 calls, shown as 1: one call. */
	sm_rpc_bench_view_set_traffic(view, 16, 1, 0, 1, 0.6, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(sm_rpc_bench_view_get_error(view) == NULL);
	CHECK(rb_wait_run(view, 5000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK_EQ(c.calls, 1);

	/* 4294968 seconds, 10 calls/s: still running 1.5 s later. */
	sm_rpc_bench_view_set_traffic(view, 16, 1, 10, 0, 4294968, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(sm_rpc_bench_view_is_running(view));
	ui_iterate(1500);
	CHECK(sm_rpc_bench_view_is_running(view));
	rb_action(view, "rpc-bench.stop-run", NULL);
	CHECK(rb_wait_run(view, 5000));
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpclim", body);
}
