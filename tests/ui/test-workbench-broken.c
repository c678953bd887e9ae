/* A corrupted file in /dev/shm shows up in the browser as broken, with the
 * library's reason, and the header inspector shows its bytes: no crash.
 * Also a truncated file, one with random bytes, and one under a name the
 * library never makes. */
#include <string.h>

#include "sm-header-view.h"
#include "sm-segment-browser.h"
#include "uitest.h"

static const char *garbage, *truncated;
static char foreign[80];

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentStore *store = sm_application_get_store(app);
	/* Made after the app started: the file monitor must catch them. */
	guint8 junk[300];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (guint8)(i * 37 + 11);
	t_write_file(garbage, junk, sizeof junk);
	t_write_file(truncated, "SHRDMEM1", 8);
	CHECK(ui_wait(listed, (gpointer)garbage, 3000));
	CHECK(ui_wait(listed, (gpointer)truncated, 3000));

	SmSegmentItem *item = sm_segment_store_find(store, garbage, NULL);
	CHECK(sm_segment_item_get_broken(item));
	g_autofree char *status = NULL;
	g_object_get(item, "status-text", &status, NULL);
	CHECK(strstr(status, sm_strerror(-SM_EBADHEADER)) != NULL);
	/* The list's column says "Broken"; its tooltip (status-text) says why. */
	g_autofree char *short_status = NULL;
	g_object_get(item, "status-short", &short_status, NULL);
	CHECK(g_strcmp0(short_status, "Broken") == 0);
	/* A short file says so, in the core's words (as `sharedmem list` does). */
	g_autofree char *short_why = NULL;
	g_object_get(sm_segment_store_find(store, truncated, NULL), "status-text", &short_why, NULL);
	CHECK(g_strcmp0(short_why, "Broken: too short for a header (8 bytes)") == 0);

	CHECK(sm_window_select_segment(win, garbage));
	CHECK(g_strcmp0(sm_window_get_segment_name(win), garbage) == 0);
	ui_action(win, "win.show-view", "header");
	SmHeaderView *hv = SM_HEADER_VIEW(sm_window_get_view(win, "header"));
	CHECK(g_strcmp0(sm_header_view_get_segment_name(hv), garbage) == 0);
	/* The decoder still lists the fields, the magic marked wrong. */
	const char *magic = sm_header_view_get_field_value(hv, "magic");
	CHECK(magic && strstr(magic, "wrong"));
	ui_iterate(200);
	ui_screenshot(GTK_WIDGET(win), "workbench-broken");

	CHECK(sm_window_select_segment(win, truncated));
	ui_iterate(100);
	CHECK(sm_header_view_get_field_value(hv, "magic") == NULL); /* too short to decode */

	/* A file under a name the library never makes shows as the list
	 * shows it: its bytes, and why it is not a segment (the page said
	 * "Cannot read this segment: invalid argument ..."). */
	t_write_file(foreign, junk, sizeof junk);
	CHECK(ui_wait(listed, (gpointer)foreign, 3000));
	CHECK(sm_window_select_segment(win, foreign));
	ui_iterate(100);
	const char *sub = gtk_label_get_label(
		GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(hv), SM_TYPE_HEADER_VIEW, "subtitle_label")));
	const char *why = gtk_label_get_label(
		GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(hv), SM_TYPE_HEADER_VIEW, "error_label")));
	fprintf(stderr, "%s\n%s\n", sub, why);
	CHECK(g_str_has_prefix(sub, "Broken or foreign file"));
	CHECK(strstr(why, "a name sharedmem never gives a segment") != NULL);
	magic = sm_header_view_get_field_value(hv, "magic");
	CHECK(magic && strstr(magic, "wrong"));
	ui_screenshot(GTK_WIDGET(win), "workbench-broken-foreign-name");

	/* Removing a broken file goes through the confirmation too. */
	ui_action(win, "win.remove-segment", truncated);
	GtkWindow *confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	CHECK(!listed((gpointer)truncated));
	return T_EXIT_PASS;
}

int main(void)
{
	garbage = t_name("broken");
	truncated = t_name("short");
	g_snprintf(foreign, sizeof foreign, "%s foreign", garbage);
	t_remove_at_exit(foreign);
	int rc = ui_run(body, NULL, 0, NULL);
	t_remove_file(garbage);
	t_remove_file(truncated);
	return rc;
}
