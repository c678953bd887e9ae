/* `sharedmem-workbench --help` and `--version` work without a display,
 * and a bad --segment name is refused with the library's reason. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "testlib.h"

static int run(const char *arg, char **out, char **err)
{
	const char *exe = g_getenv("SM_WORKBENCH");
	CHECK(exe != NULL);
	char *argv[] = { (char *)exe, (char *)arg, NULL };
	char **envp = g_get_environ();
	envp = g_environ_unsetenv(envp, "DISPLAY");
	envp = g_environ_unsetenv(envp, "WAYLAND_DISPLAY");
	int status = -1;
	GError *error = NULL;
	CHECK(g_spawn_sync(NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error));
	g_strfreev(envp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(void)
{
	char *out, *err;
	CHECK_EQ(run("--help", &out, &err), 0);
	CHECK(strstr(out, "--segment") && strstr(out, "--demo") && strstr(out, "--version"));
	g_free(out);
	g_free(err);

	CHECK_EQ(run("--version", &out, &err), 0);
	CHECK(g_str_has_prefix(out, "sharedmem-workbench "));
	g_free(out);
	g_free(err);

	CHECK(run("--segment=../etc", &out, &err) != 0);
	CHECK(strstr(err, "--segment") != NULL);
	g_free(out);
	g_free(err);
	return 0;
}
