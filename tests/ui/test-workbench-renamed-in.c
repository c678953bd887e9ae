/* A segment renamed into place (`mv /dev/shm/tmp /dev/shm/sm.NAME`, how a
 * file is published whole) comes in through the file monitor, as one
 * created under its name does: the monitor's event names the old file,
 * without the prefix, and the new one as the other file. */
#include <stdio.h>
#include <unistd.h>

#include "uitest.h"

static const char *name;
static char tmp_path[128], final_path[128];

static gboolean listed(gpointer data)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), data, NULL) != NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	/* Periodic refresh off: only the file monitor can bring it in. */
	sm_segment_store_set_interval(sm_application_get_store(app), 0);
	guint8 junk[300] = { 0 };
	FILE *f = fopen(tmp_path, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(junk, 1, sizeof junk, f) == sizeof junk);
	CHECK(fclose(f) == 0);
	ui_iterate(200);
	CHECK(!listed((gpointer)name));
	CHECK(rename(tmp_path, final_path) == 0);
	CHECK(ui_wait(listed, (gpointer)name, 3000));
	sm_segment_store_set_interval(sm_application_get_store(app), 1000);
	return T_EXIT_PASS;
}

int main(void)
{
	name = t_name("renamed-in");
	g_snprintf(tmp_path, sizeof tmp_path, SM_SHM_DIR "/tmp-%s", name);
	g_snprintf(final_path, sizeof final_path, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	int rc = ui_run(body, NULL, 0, NULL);
	unlink(tmp_path);
	t_remove_file(name);
	return rc;
}
