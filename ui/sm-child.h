/* sm-child.h — child processes that never outlive the workbench: each is
 * started with prctl(PR_SET_PDEATHSIG, SIGKILL), so it is killed when the
 * workbench dies, whatever the cause. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Start `argv` (argv[0] a path) with the pipes of `flags`, e.g.
 * G_SUBPROCESS_FLAGS_STDOUT_PIPE (what is not piped is inherited).  NULL
 * with `error` set when it cannot start. */
GSubprocess *sm_child_spawn(const char *const *argv, GSubprocessFlags flags, GError **error);

/* How a child that has exited ended, unless with exit status 0: "exit
 * status 1", "killed by signal 11, Segmentation fault"; else NULL.  Free
 * with g_free. */
char *sm_child_describe_exit(GSubprocess *child);

/* Kill with SIGKILL (if still running) and reap, without blocking the
 * main loop for long: a killed process exits at once. */
void sm_child_kill(GSubprocess *child);

G_END_DECLS
