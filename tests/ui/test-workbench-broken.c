/* A corrupted file in /dev/shm shows up in the browser as broken, with the
 * library's reason, and the header inspector shows its bytes: no crash.
 * Also a truncated file and one with random bytes. */
#include <string.h>

#include "sm-header-view.h"
#include "sm-segment-browser.h"
#include "uitest.h"

static const char *garbage, *truncated;

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
	int rc = ui_run(body, NULL, 0, NULL);
	t_remove_file(garbage);
	t_remove_file(truncated);
	return rc;
}
