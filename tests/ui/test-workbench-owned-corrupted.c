/* A segment the workbench created whose header someone overwrites (to see
 * how the header page shows a broken segment, say) is still the
 * workbench's own file under its name: it stays owned and in /dev/shm, as
 * a segment held by `sharedmem create --hold` does.  The check for
 * owned segments removed or replaced from outside took the changed header
 * for another segment, let go of it, and its close removed the file. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "uitest.h"

static const char *name;

static int body(SmApplication *app, SmWindow *win, void *data)
{
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "size", "t", (guint64)4096);
	CHECK(gtk_widget_activate_action(GTK_WIDGET(win), "app.create-segment", "(ss@a{sv})", name, "buffer",
					 g_variant_dict_end(&d)));
	CHECK(sm_application_owns(app, name));

	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, "CORRUPT!", 8, 0) == 8); /* the magic */
	close(fd);
	ui_iterate(2500); /* the orphan check runs once a second */

	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK(info.status < 0); /* broken, and still there */
	CHECK(sm_application_owns(app, name));

	t_remove_file(name);
	t_write_file(name, "junk", 4);
	ui_iterate(2500);
	CHECK(!sm_application_owns(app, name));
	g_action_group_activate_action(G_ACTION_GROUP(app), "remove-segment", g_variant_new_string(name));
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	return T_EXIT_PASS;
}

int main(void)
{
	name = t_name("owned-corrupted");
	int rc = ui_run(body, NULL, 0, NULL);
	t_remove_file(name);
	return rc;
}
