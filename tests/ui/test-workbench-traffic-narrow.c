/* The Traffic page fits a window 900 pixels wide, as the other ring pages
 * do: "As fast as possible" beside the rate made the page at least 553
 * pixels wide, so showing it widened such a window to 924 (its right edge,
 * the close button among it, past a 900-pixel space).  The check box now
 * sits under the rate, as on the RPC page.  Screenshot:
 * workbench-traffic-narrow. */
#include "uitest.h"

#define SPACE_W 900

static char *ring;

static gboolean is_fast_check(GtkWidget *w, gconstpointer data)
{
	return GTK_IS_CHECK_BUTTON(w) && g_strcmp0(gtk_check_button_get_label(GTK_CHECK_BUTTON(w)), data) == 0;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	gtk_window_set_default_size(GTK_WINDOW(win), SPACE_W, 600);
	GtkWidget *traffic = ui_show_view_of(win, ring, "traffic");
	ui_check_fits_width(win, SPACE_W, "workbench-traffic-narrow");
	GtkWidget *fast = ui_find_widget(traffic, is_fast_check, "As _fast as possible");
	CHECK(fast != NULL);
	graphene_rect_t b;
	CHECK(gtk_widget_compute_bounds(fast, GTK_WIDGET(win), &b));
	CHECK(b.origin.x + b.size.width <= SPACE_W);
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run_demo(body, "traffic-narrow", &ring);
}
