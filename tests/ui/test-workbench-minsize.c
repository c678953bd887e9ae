/* At the window's minimum size the header page still shows every byte
 * of the hex dump (the pane cut it off below row 0x90, with nothing to
 * scroll or drag to reach the rest).  Screenshots at the minimum size and
 * at a large one. */
#include "sm-header-view.h"
#include "uitest.h"

static char name[64];

static void check_hex_reachable(SmWindow *win, const char *what)
{
	GtkWidget *hv = sm_window_get_view(win, "header");
	GtkWidget *hex = sm_header_view_get_hex_view(SM_HEADER_VIEW(hv));
	GtkWidget *scroller = gtk_widget_get_ancestor(hex, GTK_TYPE_SCROLLED_WINDOW);
	GtkWidget *paned = gtk_widget_get_ancestor(scroller, GTK_TYPE_PANED); /* fields above, bytes below */
	graphene_rect_t b;
	CHECK(gtk_widget_compute_bounds(scroller, paned, &b));
	int rows_h;
	gtk_widget_measure(hex, GTK_ORIENTATION_VERTICAL, -1, &rows_h, NULL, NULL, NULL);
	GtkAdjustment *v = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller));
	fprintf(stderr, "%s: window %dx%d, hex scroller %.0f..%.0f in a pane of %d, rows %d, scrollable %.0f\n", what,
		gtk_widget_get_width(GTK_WIDGET(win)), gtk_widget_get_height(GTK_WIDGET(win)), b.origin.y,
		b.origin.y + b.size.height, gtk_widget_get_height(paned), rows_h,
		gtk_adjustment_get_upper(v) - gtk_adjustment_get_lower(v));
	/* The dump is inside what the pane shows, all its rows. */
	CHECK(b.origin.y + b.size.height <= gtk_widget_get_height(paned) + 0.5);
	CHECK(gtk_adjustment_get_upper(v) - gtk_adjustment_get_lower(v) >= rows_h);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	sm_buffer *buf;
	struct sm_segment_options o = { .label = "minimum size" };
	CHECK_EQ(sm_buffer_create(&buf, name, 4096, &o), 0);
	sm_segment_store_refresh(sm_application_get_store(app));
	CHECK(sm_window_select_segment(win, name));
	ui_action(win, "win.show-view", "header");

	gtk_window_set_default_size(GTK_WINDOW(win), 1, 1); /* as small as it goes */
	ui_iterate(500);
	check_hex_reachable(win, "minimum");
	ui_screenshot(GTK_WIDGET(win), "workbench-minsize");

	gtk_window_set_default_size(GTK_WINDOW(win), 2400, 1400);
	ui_iterate(500);
	check_hex_reachable(win, "large");
	ui_screenshot(GTK_WIDGET(win), "workbench-largesize");

	sm_buffer_close(buf);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(name, t_name("minsize"), sizeof name);
	return ui_run(body, NULL, 0, NULL);
}
