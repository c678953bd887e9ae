/* Teaching Mode on a 1024x768 projector: the window stays within the
 * screen.  Turning it on made the window at least 1149 pixels wide (the
 * picture's colour key kept 3 entries a line, "Next producer claim"
 * among them, beside the step log), so Step and the log went off a
 * 1024-pixel screen.  The key now wraps down to an entry a line.
 * Screenshot: workbench-teach-projector. */
#include "uitest.h"

#define SCREEN_W 1024
#define SCREEN_H 768

static char *ring;

static gboolean is_step_button(GtkWidget *w, gconstpointer data)
{
	return GTK_IS_BUTTON(w) && g_strcmp0(gtk_actionable_get_action_name(GTK_ACTIONABLE(w)), data) == 0;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	gtk_window_set_default_size(GTK_WINDOW(win), SCREEN_W, SCREEN_H);
	GtkWidget *picture = ui_show_view_of(win, ring, "picture");
	ui_widget_action(picture, "picture.teach", NULL);
	ui_iterate(500);
	ui_check_fits_width(win, SCREEN_W, "workbench-teach-projector");
	/* Step is on the screen, whole. */
	GtkWidget *step = ui_find_widget(picture, is_step_button, "picture.step");
	CHECK(step != NULL && gtk_widget_get_mapped(step));
	graphene_rect_t b;
	CHECK(gtk_widget_compute_bounds(step, GTK_WIDGET(win), &b));
	CHECK(b.origin.x + b.size.width <= SCREEN_W);
	ui_widget_action(picture, "picture.teach", NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run_demo(body, "teach-projector", &ring);
}
