/* Quitting (Ctrl+Q, or SIGTERM/SIGINT/SIGHUP, which quit the same way)
 * while Preferences is open and the main window had the focus last: the
 * main window went first, and destroying it took Preferences (destroy
 * with parent) out of the application's window list while the quit was
 * walking that list: gtk_window_destroy() on a freed list node (a
 * critical, or a crash).  Criticals and warnings are fatal here. */
#include "sm-preferences-window.h"
#include "uitest.h"

static int body(SmApplication *app, SmWindow *win, void *data)
{
	g_action_group_activate_action(G_ACTION_GROUP(app), "preferences", NULL);
	ui_iterate(200);
	CHECK(ui_find_toplevel(SM_TYPE_PREFERENCES_WINDOW) != NULL);
	gtk_window_present(GTK_WINDOW(win)); /* the user clicked the main window */
	ui_iterate(200);
	GList *windows = gtk_application_get_windows(GTK_APPLICATION(app));
	CHECK(windows && windows->data == (gpointer)win); /* most recently focused first */
	g_action_group_activate_action(G_ACTION_GROUP(app), "quit", NULL);
	CHECK(gtk_application_get_windows(GTK_APPLICATION(app)) == NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	return ui_run(body, NULL, 0, NULL);
}
