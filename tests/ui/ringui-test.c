/* ringui-test.c — see ringui-test.h. */
#include "ringui-test.h"

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
	ui_iterate(200);
	return win;
}

void rt_action(GtkWidget *widget, const char *action)
{
	if (!gtk_widget_activate_action(widget, action, NULL)) {
		fprintf(stderr, "action %s is unknown or disabled\n", action);
		exit(T_EXIT_FAIL);
	}
}
