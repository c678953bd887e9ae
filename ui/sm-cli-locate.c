/* sm-cli-locate.c — see sm-cli-locate.h. */
#include "sm-cli-locate.h"

#include <unistd.h>

static char *executable_in(const char *dir, const char *rel)
{
	char *path = g_build_filename(dir, rel, NULL);
	if (g_file_test(path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test(path, G_FILE_TEST_IS_DIR))
		return path;
	g_free(path);
	return NULL;
}

char *sm_cli_locate(void)
{
	const char *env = g_getenv("SHAREDMEM_CLI");
	if (env && *env)
		return g_strdup(env);
	char *self = g_file_read_link("/proc/self/exe", NULL);
	if (self) {
		char *dir = g_path_get_dirname(self);
		char *found = executable_in(dir, "sharedmem");
		/* In the build tree, tests live in tests/<area>/ and the CLI in app/. */
		if (!found)
			found = executable_in(dir, "../../app/sharedmem");
		g_free(dir);
		g_free(self);
		if (found)
			return found;
	}
	return g_find_program_in_path("sharedmem");
}
