/* rpcbench-test.h — what the RPC bench's GUI tests share. */
#ifndef SM_RPCBENCH_TEST_H
#define SM_RPCBENCH_TEST_H

#include "sm-rpc-bench-view.h"
#include "uitest.h"

/* The window's RPC page, shown. */
SmRpcBenchView *rb_show_view(SmWindow *win);
/* Wait until the window lists channel `name` (a server elsewhere made
 * it), select it and show the RPC page, which then shows that channel. */
SmRpcBenchView *rb_select_channel(SmWindow *win, const char *name);
/* Activate a view action (with a string parameter or none); fail if it is
 * unknown or disabled. */
void rb_action(SmRpcBenchView *view, const char *action, const char *string_param);
/* Spin the main loop until the view's run is over (FALSE on timeout). */
gboolean rb_wait_run(SmRpcBenchView *view, int timeout_ms);
/* The view's current run's counters. */
void rb_counts(SmRpcBenchView *view, SmRpcLoadCounts *c);
/* A channel's client-side completed calls, read through a monitor. */
guint64 rb_channel_calls(const char *name);
/* A server process for `name`: `sharedmem rpc serve NAME` when the CLI
 * ($SM_CLI) has it, else a forked process that answers like its echo
 * method ("echo\0ARGS" -> ARGS); returns once the channel exists. */
pid_t rb_fork_server(const char *name);
/* Remove the channel and its two rings, whatever is left of them. */
void rb_cleanup(const char *name);
/* Run `body` in the workbench with a server for `name` (rb_fork_server,
 * its pid in *server, which the body may kill and set to 0), then kill
 * what is left of the server and remove the channel.  The body's status. */
int rb_run_with_server(const char *name, pid_t *server,
		       int (*body)(SmApplication *app, SmWindow *win, void *data));

/* Run `body` in the workbench on a new channel (named after `tag`)
 * that the RPC page created and serves with the echo handler, the page
 * shown; then remove the channel.  The body's status. */
int rb_run_on_new_channel(const char *tag, int (*body)(SmRpcBenchView *view, const char *name));

/* Refresh `view` (as its timer does) until its channel's client side
 * completed `calls` calls and the rate plot holds 3 samples, one of them
 * above 0; FALSE on timeout. */
gboolean rb_wait_channel_calls(SmRpcBenchView *view, guint64 calls, int timeout_ms);
/* The value cell under the run summary's heading `title` ("Calls",
 * "p50", ...); fails the test if there is none. */
const char *rb_summary_cell(SmRpcBenchView *view, const char *title);
/* Run `body` in `sharedmem-workbench --demo` (its segments named after
 * this process), with the demo RPC channel's name in *chan meanwhile;
 * then remove the demo's segments.  The body's status. */
int rb_run_demo(int (*body)(SmApplication *app, SmWindow *win, void *data), char **chan);

#endif
