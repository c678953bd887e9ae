/* The in-app server's Sleep (µs) and Error text are each one handler's
 * setting: they are on only while that handler is chosen.  Both were on
 * with Echo or Add, where changing them did nothing (a sleep of 1000 µs
 * set with Echo chosen made no call slower). */
#include "rpcbench-test.h"

static gboolean is_on(SmRpcBenchView *view, const char *id)
{
	GObject *w = gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW, id);
	CHECK(w != NULL);
	return gtk_widget_get_sensitive(GTK_WIDGET(w));
}

static void check_fields(SmRpcBenchView *view, SmRpcBuiltinKind kind, gboolean sleep_on, gboolean text_on)
{
	sm_rpc_bench_view_set_handler(view, kind, 100, NULL);
	ui_iterate(50);
	if (is_on(view, "sleep_spin") != sleep_on || is_on(view, "fail_entry") != text_on)
		fprintf(stderr, "handler %d: sleep %s, error text %s\n", (int)kind,
			is_on(view, "sleep_spin") ? "on" : "off", is_on(view, "fail_entry") ? "on" : "off");
	CHECK(is_on(view, "sleep_spin") == sleep_on);
	CHECK(is_on(view, "fail_entry") == text_on);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_show_view(win);
	check_fields(view, SM_RPC_BUILTIN_ECHO, FALSE, FALSE);
	ui_screenshot(GTK_WIDGET(view), "rpc-bench-handler-fields");
	check_fields(view, SM_RPC_BUILTIN_SLEEP, TRUE, FALSE);
	check_fields(view, SM_RPC_BUILTIN_FAIL, FALSE, TRUE);
	check_fields(view, SM_RPC_BUILTIN_ADD, FALSE, FALSE);
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run(body, NULL, 0, NULL);
}
