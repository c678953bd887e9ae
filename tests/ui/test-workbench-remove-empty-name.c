/* A file named just "sm." in /dev/shm (the prefix, nothing after it) is
 * listed with an empty name, and the workbench offered to remove it, but
 * the library refused the empty name even with force (-EINVAL): the
 * confirmation ended in "Nothing was removed ... Invalid argument", and
 * `sharedmem rm --force ''` failed the same way.  It is removed now.
 * And it showed as nothing: a blank row, no title, "Remove segment “”?";
 * it is shown as its path now, "/dev/shm/sm." (no name holds a '/').
 * Screenshot: workbench-empty-name (selected), workbench-remove-empty-name. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uitest.h"

#define PATH SM_SHM_DIR "/" SM_FILE_PREFIX

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_action(win, "win.refresh", NULL);
	CHECK(ui_wait(listed, "", 3000));
	SmSegmentItem *item = sm_segment_store_find(sm_application_get_store(app), "", NULL);
	g_autofree char *shown = NULL;
	g_object_get(item, "name", &shown, NULL);
	CHECK(g_strcmp0(shown, PATH) == 0);
	CHECK(sm_window_select_segment(win, ""));
	CHECK(strstr(gtk_window_get_title(GTK_WINDOW(win)), PATH) != NULL);
	ui_iterate(300);
	ui_screenshot(GTK_WIDGET(win), "workbench-empty-name");
	ui_action(win, "win.remove-selected", NULL);
	GtkWindow *confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	g_autofree char *question = NULL;
	g_object_get(confirm, "text", &question, NULL);
	CHECK(strstr(question, "“" PATH "”") != NULL);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(confirm), "workbench-remove-empty-name");
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	ui_iterate(100);
	if (sm_window_get_confirm_dialog(win)) {
		g_autofree char *why = NULL;
		g_object_get(confirm, "secondary-text", &why, NULL);
		fprintf(stderr, "not removed: %s\n", why);
	}
	CHECK(access(PATH, F_OK) != 0 && errno == ENOENT);
	CHECK(sm_window_get_confirm_dialog(win) == NULL);
	CHECK(!listed(""));
	return T_EXIT_PASS;
}

static void remove_file(void)
{
	unlink(PATH);
}

int main(void)
{
	/* The name is everyone's: leave one that is there alone. */
	if (access(PATH, F_OK) == 0) {
		fprintf(stderr, PATH " exists already\n");
		return T_EXIT_SKIP;
	}
	t_write_file("", "not a segment", 13);
	atexit(remove_file); /* a failed CHECK exits */
	return ui_run(body, NULL, 0, NULL);
}
