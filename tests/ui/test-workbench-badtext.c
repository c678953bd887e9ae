/* Names and labels that are not valid UTF-8 (anyone may make such a file
 * in /dev/shm, or write such a label into a header) are shown escaped as
 * \xHH, as the CLI shows them: no GLib critical from the search filter, no
 * Pango "Invalid UTF-8" warning from the list, the header view or the
 * window title, and the same text in the header's field table as in
 * `sharedmem inspect`.  Criticals and warnings are fatal here. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sm-header-view.h"
#include "sm-segment-browser.h"
#include "uitest.h"

static char bad_name[80], shown_name[80], labelled[64];

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static const char *label_of(GtkWidget *view, GType type, const char *id)
{
	return gtk_label_get_label(GTK_LABEL(gtk_widget_get_template_child(view, type, id)));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentStore *store = sm_application_get_store(app);
	/* A foreign file whose name ends in a stray byte. */
	t_write_file(bad_name, "not a segment", 13);
	/* A buffer whose label was overwritten with stray bytes. */
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, labelled, 4096, NULL), 0);
	g_autofree char *path = g_strdup_printf("/dev/shm/sm.%s", labelled);
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_EQ(pwrite(fd, "\xff\xfe", 3, G_STRUCT_OFFSET(struct sm_header, label)), 3);
	close(fd);
	sm_segment_store_refresh(store);
	CHECK(ui_wait(listed, bad_name, 3000));
	CHECK(ui_wait(listed, labelled, 3000));

	/* The list shows (and searches) the escaped text. */
	g_autofree char *name_text = NULL, *label_text = NULL;
	g_object_get(sm_segment_store_find(store, bad_name, NULL), "name", &name_text, NULL);
	CHECK(g_strcmp0(name_text, shown_name) == 0);
	g_object_get(sm_segment_store_find(store, labelled, NULL), "label", &label_text, NULL);
	CHECK(g_strcmp0(label_text, "\\xff\\xfe") == 0);
	SmSegmentBrowser *browser = sm_window_get_browser(win);
	sm_segment_browser_set_search(browser, "xff");
	ui_iterate(200);
	sm_segment_browser_set_search(browser, "t-badtext");
	ui_iterate(200);
	ui_screenshot(GTK_WIDGET(win), "workbench-badtext-list");
	sm_segment_browser_set_search(browser, "");

	/* Selected: the window title and the header view escape it too. */
	CHECK(sm_window_select_segment(win, bad_name));
	ui_action(win, "win.show-view", "header");
	ui_iterate(200);
	CHECK(strstr(gtk_window_get_title(GTK_WINDOW(win)), shown_name) != NULL);
	GtkWidget *hv = sm_window_get_view(win, "header");
	CHECK(g_strcmp0(label_of(hv, SM_TYPE_HEADER_VIEW, "title_label"), shown_name) == 0);
	CHECK(sm_window_select_segment(win, labelled));
	ui_iterate(200);
	CHECK(strstr(label_of(hv, SM_TYPE_HEADER_VIEW, "subtitle_label"), "\\xff\\xfe") != NULL);
	/* The field table and its hover line show the label as the CLI's
	 * inspect does (they showed U+FFFD for each stray byte). */
	const char *label_field = sm_header_view_get_field_value(SM_HEADER_VIEW(hv), "label");
	fprintf(stderr, "label field: %s\n", label_field);
	CHECK(g_strcmp0(label_field, "\"\\xff\\xfe\"") == 0);
	CHECK(g_strcmp0(sm_header_view_hover(SM_HEADER_VIEW(hv), G_STRUCT_OFFSET(struct sm_header, label)), "label") == 0);
	CHECK(g_str_has_suffix(label_of(hv, SM_TYPE_HEADER_VIEW, "hover_label"), "= \"\\xff\\xfe\""));
	/* The table scrolled to its end, where the label's row is. */
	GObject *table = gtk_widget_get_template_child(hv, SM_TYPE_HEADER_VIEW, "column_view");
	GtkAdjustment *v = gtk_scrollable_get_vadjustment(GTK_SCROLLABLE(table));
	gtk_adjustment_set_value(v, gtk_adjustment_get_upper(v));
	ui_screenshot(GTK_WIDGET(win), "workbench-badtext-header");
	sm_header_view_hover(SM_HEADER_VIEW(hv), -1);

	sm_buffer_close(buf);
	return T_EXIT_PASS;
}

int main(void)
{
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	g_strlcpy(labelled, t_name("badtext-label"), sizeof labelled);
	g_snprintf(bad_name, sizeof bad_name, "%s-\xff", t_name("badtext"));
	g_snprintf(shown_name, sizeof shown_name, "%s-\\xff", t_name("badtext"));
	int rc = ui_run(body, NULL, 0, NULL);
	t_remove_file(bad_name);
	return rc;
}
