/* A channel this workbench serves with no handler (made by the create
 * dialog): Start Run sent calls that all failed (211k failed calls in a
 * 5 s run).  It is refused, as a limit of nothing is, with one line that
 * says why and what to do. */
#include <string.h>

#include "rpcbench-test.h"
#include "sm-create-dialog.h"

static char name[64];

static int body(SmApplication *app, SmWindow *win, void *data)
{
	(void)data;
	ui_action(win, "win.new-segment", "rpc");
	SmCreateDialog *dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	CHECK(dlg != NULL);
	sm_create_dialog_set_text(dlg, "name", name);
	ui_widget_action(GTK_WIDGET(dlg), "create.create", NULL);
	CHECK(sm_application_owns(app, name));
	sm_segment_store_refresh(sm_application_get_store(app));
	ui_iterate(100);
	CHECK(sm_window_select_segment(win, name));
	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_refresh(view);
	const char *server = gtk_label_get_text(GTK_LABEL(gtk_widget_get_template_child(
		GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW, "channel_status")));
	fprintf(stderr, "channel: %s\n", server);
	CHECK(strstr(server, "no handler"));

	sm_rpc_bench_view_set_traffic(view, 16, 1, 0, 0, 0.5, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	gboolean started = sm_rpc_bench_view_get_load(view) != NULL;
	if (started)
		rb_wait_run(view, 5000);
	const char *err = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "started %d, error '%s'\n", started, err ? err : "");
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(view), "rpc-bench-no-handler");
	CHECK(!started);
	CHECK(err && strstr(err, "no handler") && strstr(err, "Start Server"));

	/* With a handler attached, the run goes. */
	rb_action(view, "rpc-bench.start-server", NULL);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(sm_rpc_bench_view_get_load(view) != NULL);
	CHECK(rb_wait_run(view, 5000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK(c.ok > 0);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(name, t_name("rpcnohandler"), sizeof name);
	int r = ui_run(body, NULL, 0, NULL);
	rb_cleanup(name);
	return r;
}
