/* ringui-test.c — see ringui-test.h. */
#include "ringui-test.h"

#include "sm-widget-png.h"

void rt_init(void)
{
	if (!gtk_init_check()) {
		fprintf(stderr, "no display: skipped\n");
		exit(T_EXIT_SKIP);
	}
}

GtkWidget *rt_window(GtkWidget *child, int w, int h)
{
	GtkWidget *win = gtk_window_new();
	gtk_window_set_default_size(GTK_WINDOW(win), w, h);
	gtk_window_set_child(GTK_WINDOW(win), child);
	gtk_window_present(GTK_WINDOW(win));
	rt_iterate(200);
	return win;
}

void rt_iterate(int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	while (g_get_monotonic_time() < end) {
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(2000);
	}
}

gboolean rt_wait(gboolean (*cond)(gpointer), gpointer data, int timeout_ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	while (!cond(data)) {
		if (g_get_monotonic_time() >= end)
			return cond(data);
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(2000);
	}
	return TRUE;
}

char *rt_screenshot(GtkWidget *widget, const char *file)
{
	const char *dir = g_getenv("SM_TEST_BUILD_DIR");
	char *path = g_build_filename(dir ? dir : ".", file, NULL);
	rt_iterate(100); /* let layout and drawing settle */
	GError *error = NULL;
	if (!sm_widget_save_png(widget, path, &error)) {
		fprintf(stderr, "screenshot %s: %s\n", path, error->message);
		exit(T_EXIT_FAIL);
	}
	fprintf(stderr, "screenshot: %s\n", path);
	return path;
}

void rt_action(GtkWidget *widget, const char *action, GVariant *param)
{
	if (!gtk_widget_activate_action_variant(widget, action, param)) {
		fprintf(stderr, "action %s not found\n", action);
		exit(T_EXIT_FAIL);
	}
}
