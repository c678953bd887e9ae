/* sm-scroll-follow.c — see sm-scroll-follow.h. */
#include "sm-scroll-follow.h"

#define FOLLOWING_KEY "sm-scroll-following"

static gboolean at_end(GtkAdjustment *adj)
{
	double bottom = gtk_adjustment_get_upper(adj) - gtk_adjustment_get_page_size(adj);
	return gtk_adjustment_get_value(adj) >= bottom - 1.0;
}

/* The content or the page changed: back to the end, if following. */
static void on_changed(GtkAdjustment *adj, gpointer data)
{
	if (g_object_get_data(G_OBJECT(adj), FOLLOWING_KEY))
		gtk_adjustment_set_value(adj, gtk_adjustment_get_upper(adj) -
					      gtk_adjustment_get_page_size(adj));
}

/* The user scrolled (or we did): follow while at the end. */
static void on_value_changed(GtkAdjustment *adj, gpointer data)
{
	g_object_set_data(G_OBJECT(adj), FOLLOWING_KEY, GINT_TO_POINTER(at_end(adj)));
}

void sm_scroll_follow_end(GtkScrollable *scrollable)
{
	GtkAdjustment *adj = gtk_scrollable_get_vadjustment(scrollable);
	g_return_if_fail(adj != NULL);
	g_object_set_data(G_OBJECT(adj), FOLLOWING_KEY, GINT_TO_POINTER(TRUE));
	g_signal_connect(adj, "changed", G_CALLBACK(on_changed), NULL);
	g_signal_connect(adj, "value-changed", G_CALLBACK(on_value_changed), NULL);
}
