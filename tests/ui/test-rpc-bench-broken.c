/* The RPC page on a name that a broken file holds (7 bytes, too short
 * for a header) says what the file is, as the list and the CLI do:
 *   - its channel line said "Cannot read the channel: not a sharedmem
 *     segment, or its header is corrupt or truncated";
 *   - Serve said "another process serves it", and Create "the name is
 *     taken", though no process serves anything there.
 * And a run on a served channel, sound itself, whose .c2s ring is such
 * a file: "cannot connect to …: not a sharedmem segment, or its header
 * is corrupt or truncated" (the channel's header is fine); it says which
 * ring and why.
 * Screenshots: rpcui-bench-broken, rpcui-bench-broken-ring. */
#include <string.h>

#include "rpcbench-test.h"
#include "sharedmem.h"

#define REASON "too short for a header (7 bytes)"

static const char *channel_status(SmRpcBenchView *view)
{
	GObject *label = gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW,
						       "channel_status");
	CHECK(GTK_IS_LABEL(label));
	return gtk_label_get_label(GTK_LABEL(label));
}

static void expect_error_says(SmRpcBenchView *view, const char *step, const char *want)
{
	const char *error = sm_rpc_bench_view_get_error(view);
	if (!error || !strstr(error, want) || strstr(error, "another process serves it")) {
		fprintf(stderr, "%s: error line “%s”, expected it to say “%s”\n", step,
			error ? error : "(none)", want);
		exit(T_EXIT_FAIL);
	}
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	const char *name = t_name("rbbroken");
	t_write_file(name, "garbage", 7);
	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_set_segment_name(view, name);
	sm_rpc_bench_view_refresh(view);
	const char *want = "Cannot read the channel: " REASON;
	if (strcmp(channel_status(view), want) != 0) {
		fprintf(stderr, "channel line “%s”, expected “%s”\n", channel_status(view), want);
		return T_EXIT_FAIL;
	}

	rb_action(view, "rpc-bench.start-server", NULL);
	expect_error_says(view, "serve", REASON);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "rpcui-bench-broken");

	rb_action(view, "rpc-bench.create-channel", name);
	expect_error_says(view, "create", REASON);

	/* Served by this process (not through the page), outside the page. */
	const char *served = t_name("rbring");
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	sm_rpc *server;
	CHECK_EQ(sm_rpc_create(&server, served, &o), 0);
	g_autofree char *ring = g_strconcat(served, SM_RPC_C2S_SUFFIX, NULL);
	t_remove_file(ring); /* the server keeps its mapping */
	t_write_file(ring, "garbage", 7);
	view = rb_select_channel(win, served);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 10, 5000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	expect_error_says(view, "run", "its " SM_RPC_C2S_SUFFIX " ring: " REASON);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "rpcui-bench-broken-ring");
	sm_rpc_close(server);
	t_remove_file(ring); /* not the server's ring: it left it */
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run(body, NULL, 0, NULL);
}
