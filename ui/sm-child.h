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

/* Kill with SIGKILL (if still running) and reap, without blocking the
 * main loop for long: a killed process exits at once. */
void sm_child_kill(GSubprocess *child);

G_END_DECLS
