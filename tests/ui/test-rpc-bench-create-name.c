/* The RPC page's Create with a name that is not one says what a name
 * may be, as the creation dialog does: it said "Cannot create channel
 * “bad/name”: invalid argument (name, size, count or flag)", which names
 * sizes and flags the page never asked for and no rule to follow; an
 * empty name read "Cannot create channel “”: invalid argument ...". */
#include <string.h>

#include "rpcbench-test.h"

static void check_error(SmRpcBenchView *view, const char *name, const char *words)
{
	rb_action(view, "rpc-bench.create-channel", name);
	const char *err = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "“%s”: %s\n", name, err ? err : "(no error)");
	CHECK(err && strstr(err, words));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_show_view(win);
	check_error(view, "bad/name", "Use up to");
	check_error(view, "a..b", "without “..”");
	char rule[64];
	g_snprintf(rule, sizeof rule, "Use up to %u letters", SM_RPC_NAME_MAX);
	char longname[SM_NAME_MAX + 1];
	memset(longname, 'x', SM_NAME_MAX);
	longname[SM_NAME_MAX] = '\0';
	check_error(view, longname, rule); /* a channel's rings need room for ".c2s" */
	ui_screenshot(GTK_WIDGET(view), "rpc-bench-create-name");
	check_error(view, "", "Enter a name");
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run(body, NULL, 0, NULL);
}
