/* A run that could not start because the channel had no server, then
 * Start Server: the page no longer says "The run could not start." with
 * "no server on this channel" in red under "Server: this workbench" (the
 * failed attempt's error stayed until the next run, contradicting the
 * line above it).  The channel here is one whose server was killed. */
#include <signal.h>
#include <string.h>

#include "rpcbench-test.h"

static const char *chan;
static pid_t server;

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_select_channel(win, chan);
	kill(server, SIGKILL);
	CHECK_EQ(t_wait(server), 128 + SIGKILL);
	server = 0;
	sm_rpc_bench_view_refresh(view);

	sm_rpc_bench_view_set_traffic(view, 16, 1, 0, 1, 10, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 5000));
	const char *err = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "run without a server: %s / %s\n", sm_rpc_bench_view_get_status(view), err);
	CHECK(err && strstr(err, "no server"));

	rb_action(view, "rpc-bench.start-server", NULL);
	ui_iterate(200);
	err = sm_rpc_bench_view_get_error(view);
	const char *status = sm_rpc_bench_view_get_status(view);
	fprintf(stderr, "served here: %s / %s\n", status, err ? err : "(no error)");
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-serve-after-failed");
	CHECK(sm_application_owns(app, chan));
	CHECK(err == NULL);
	CHECK(strcmp(status, "No run yet.") == 0);

	/* And a run now goes. */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 5000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK_EQ(c.connect_status, 0);
	CHECK_EQ(c.ok, 10);
	return T_EXIT_PASS;
}

int main(void)
{
	chan = t_name("rpcfailserve");
	return rb_run_with_server(chan, &server, body);
}
