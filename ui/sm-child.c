/* sm-child.c — see sm-child.h. */
#include "sm-child.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void child_setup(gpointer data)
{
	pid_t parent = (pid_t)GPOINTER_TO_INT(data);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have died before prctl took effect. */
	if (getppid() != parent)
		_exit(1);
}

GSubprocess *sm_child_spawn(const char *const *argv, GSubprocessFlags flags, GError **error)
{
	GSubprocessLauncher *launcher = g_subprocess_launcher_new(flags);
	g_subprocess_launcher_set_child_setup(launcher, child_setup,
					      GINT_TO_POINTER((int)getpid()), NULL);
	GSubprocess *child = g_subprocess_launcher_spawnv(launcher, argv, error);
	g_object_unref(launcher);
	return child;
}

char *sm_child_describe_exit(GSubprocess *child)
{
	if (g_subprocess_get_if_signaled(child)) {
		int sig = g_subprocess_get_term_sig(child);
		return g_strdup_printf("killed by signal %d, %s", sig, g_strsignal(sig));
	}
	int status = g_subprocess_get_exit_status(child);
	return status ? g_strdup_printf("exit status %d", status) : NULL;
}

void sm_child_kill(GSubprocess *child)
{
	if (!child)
		return;
	g_subprocess_send_signal(child, SIGKILL);
	g_subprocess_wait(child, NULL, NULL);
}
