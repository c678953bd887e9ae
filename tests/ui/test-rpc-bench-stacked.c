/* In a window too narrow for the RPC page's two columns side by side
 * (In-App Server, Traffic), the second comes under the first, right
 * after it: the columns were of one size, so the server's shorter column
 * took the Traffic column's height and left a gap of about 90 pixels
 * between "Create" and "Traffic".  Screenshots: rpc-bench-stacked,
 * rpc-bench-side-by-side. */
#include "rpcbench-test.h"

static char *chan;

static gboolean label_is(GtkWidget *w, gconstpointer text)
{
	return GTK_IS_LABEL(w) && g_strcmp0(gtk_label_get_label(GTK_LABEL(w)), text) == 0;
}

static gboolean button_is(GtkWidget *w, gconstpointer text)
{
	return GTK_IS_BUTTON(w) && g_strcmp0(gtk_button_get_label(GTK_BUTTON(w)), text) == 0;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_select_channel(win, chan);
	gtk_window_set_default_size(GTK_WINDOW(win), 900, 600);
	ui_iterate(500);
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-stacked");
	GtkWidget *create = ui_find_widget(GTK_WIDGET(view), button_is, "Create");
	GtkWidget *traffic = ui_find_widget(GTK_WIDGET(view), label_is, "Traffic");
	CHECK(create && traffic);
	graphene_rect_t c, t;
	CHECK(gtk_widget_compute_bounds(create, GTK_WIDGET(view), &c));
	CHECK(gtk_widget_compute_bounds(traffic, GTK_WIDGET(view), &t));
	double gap = t.origin.y - (c.origin.y + c.size.height);
	fprintf(stderr, "Create ends at %.0f, Traffic starts at %.0f (x %.0f): gap %.0f\n",
		c.origin.y + c.size.height, t.origin.y, t.origin.x, gap);
	CHECK(t.origin.y > c.origin.y); /* stacked */
	CHECK(gap <= 36);
	gtk_window_set_default_size(GTK_WINDOW(win), 1200, 760);
	ui_iterate(500);
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-side-by-side");
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_demo(body, &chan);
}
