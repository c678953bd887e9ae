/* A log view (the teaching log) follows its newest line: a log shorter
 * than its window is not scrolled at all (its first line was once cut
 * off at the top), a long one shows its end as lines come, and a user
 * who scrolled up to read keeps their place until they scroll back. */
#include "ringui-test.h"
#include "sm-scroll-follow.h"

static GtkTextView *view;

static void add_lines(int n)
{
	GtkTextBuffer *buffer = gtk_text_view_get_buffer(view);
	for (int i = 0; i < n; i++) {
		GtkTextIter end;
		gtk_text_buffer_get_end_iter(buffer, &end);
		gtk_text_buffer_insert(buffer, &end, "• A producer claimed a node by moving the write "
				       "position on with a compare-and-swap.\n", -1);
	}
	ui_iterate(150); /* laid out */
}

static double bottom(GtkAdjustment *adj)
{
	return gtk_adjustment_get_upper(adj) - gtk_adjustment_get_page_size(adj);
}

int main(void)
{
	rt_init();
	view = GTK_TEXT_VIEW(gtk_text_view_new());
	gtk_text_view_set_wrap_mode(view, GTK_WRAP_WORD_CHAR);
	gtk_text_view_set_pixels_below_lines(view, 6);
	GtkWidget *scrolled = gtk_scrolled_window_new();
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scrolled), GTK_WIDGET(view));
	sm_scroll_follow_end(GTK_SCROLLABLE(view));
	GtkWidget *win = rt_window(scrolled, 280, 300);
	GtkAdjustment *adj = gtk_scrollable_get_vadjustment(GTK_SCROLLABLE(view));

	add_lines(1);
	fprintf(stderr, "short: value %.0f upper %.0f page %.0f\n", gtk_adjustment_get_value(adj),
		gtk_adjustment_get_upper(adj), gtk_adjustment_get_page_size(adj));
	CHECK(bottom(adj) <= 0);
	CHECK(gtk_adjustment_get_value(adj) == 0);

	add_lines(40);
	fprintf(stderr, "long: value %.0f upper %.0f page %.0f\n", gtk_adjustment_get_value(adj),
		gtk_adjustment_get_upper(adj), gtk_adjustment_get_page_size(adj));
	CHECK(bottom(adj) > 0);
	CHECK(gtk_adjustment_get_value(adj) >= bottom(adj) - 1);
	ui_screenshot(win, "scroll-follow-end");

	/* Scrolled up to read: new lines leave the place alone. */
	gtk_adjustment_set_value(adj, 0);
	add_lines(5);
	CHECK(gtk_adjustment_get_value(adj) == 0);

	/* Back at the end: it follows again. */
	gtk_adjustment_set_value(adj, bottom(adj));
	add_lines(5);
	CHECK(gtk_adjustment_get_value(adj) >= bottom(adj) - 1);
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
