/* The segment browser updates by itself: a segment created by another
 * process appears (file monitor), its owner's death makes it stale
 * (periodic refresh), and it can then be removed after confirmation.
 * Search filters the list, column headers sort it, and --segment NAME
 * selects a segment at start-up. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sm-segment-browser.h"
#include "uitest.h"

static char names[3][64], other[64];
static int go_pipe[2];

/* Another process: create a buffer, then wait to be killed. */
static int owner(void *arg)
{
	sm_buffer *buf;
	if (sm_buffer_create(&buf, other, 1000, NULL) < 0)
		return 1;
	char c;
	(void)!read(go_pipe[0], &c, 1);
	return 0;
}

static gboolean has(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static gboolean is_stale(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	SmSegmentItem *item = sm_segment_store_find(sm_application_get_store(app), name, NULL);
	return item && sm_segment_item_get_stale(item);
}

static const char *shown_name(GListModel *m, guint i)
{
	g_autoptr(SmSegmentItem) item = g_list_model_get_item(m, i);
	return item ? sm_segment_item_get_name(item) : NULL; /* kept alive by the store */
}

static void create_buffer(SmWindow *win, const char *name, guint64 size)
{
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "size", "t", size);
	CHECK(gtk_widget_activate_action(GTK_WIDGET(win), "app.create-segment", "(ss@a{sv})", name, "buffer",
					 g_variant_dict_end(&d)));
	CHECK(has((gpointer)name));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentBrowser *browser = sm_window_get_browser(win);
	GListModel *shown = sm_segment_browser_get_model(browser);

	/* --segment selected names[0], created before the app started. */
	CHECK(g_strcmp0(sm_window_get_segment_name(win), names[0]) == 0);

	/* Search: only our three (the prefix is unique to this process). */
	create_buffer(win, names[1], 64 * 1024);
	create_buffer(win, names[2], 4096);
	char prefix[64];
	g_snprintf(prefix, sizeof prefix, "%s-", t_name("browse"));
	sm_segment_browser_set_search(browser, prefix);
	CHECK_EQ(g_list_model_get_n_items(shown), 3);

	/* Sorting by size, both ways (names[0] is the biggest: 1 MiB). */
	CHECK(sm_segment_browser_sort_by(browser, "Size", GTK_SORT_ASCENDING));
	CHECK(strcmp(shown_name(shown, 0), names[2]) == 0);
	CHECK(strcmp(shown_name(shown, 2), names[0]) == 0);
	CHECK(sm_segment_browser_sort_by(browser, "Size", GTK_SORT_DESCENDING));
	CHECK(strcmp(shown_name(shown, 0), names[0]) == 0);
	CHECK(sm_segment_browser_sort_by(browser, "Name", GTK_SORT_DESCENDING));
	CHECK(strcmp(shown_name(shown, 0), names[2]) == 0);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "workbench-browser-search");

	/* Selecting a segment the search hides clears the search. */
	CHECK(pipe(go_pipe) == 0);
	/* Periodic refresh off: only the file monitor can bring it in. */
	sm_segment_store_set_interval(sm_application_get_store(app), 0);
	pid_t child = t_fork(owner, NULL);
	CHECK(ui_wait(has, other, 5000));
	sm_segment_store_set_interval(sm_application_get_store(app), 1000);
	CHECK(sm_window_select_segment(win, other));
	CHECK_EQ(strlen(gtk_editable_get_text(GTK_EDITABLE(
		 gtk_widget_get_first_child(gtk_widget_get_first_child(GTK_WIDGET(browser)))))), 0);
	CHECK(!is_stale(other));

	/* Its owner dies: the periodic refresh marks it stale. */
	kill(child, SIGKILL);
	t_wait(child);
	CHECK(ui_wait(is_stale, other, 5000));
	g_autofree char *status = NULL;
	g_object_get(sm_segment_store_find(sm_application_get_store(app), other, NULL), "status-text", &status, NULL);
	CHECK(strstr(status, "Stale") != NULL);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "workbench-browser-stale");

	/* Removable, after confirmation (the selected one: win.remove-selected). */
	CHECK(g_strcmp0(sm_window_get_segment_name(win), other) == 0);
	ui_action(win, "win.remove-selected", NULL);
	GtkWindow *confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	ui_screenshot(GTK_WIDGET(confirm), "workbench-remove-confirm");
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	CHECK(!has(other));
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(other, &info), -ENOENT);
	return T_EXIT_PASS;
}

int main(void)
{
	g_snprintf(names[0], sizeof names[0], "%s-a", t_name("browse"));
	g_snprintf(names[1], sizeof names[1], "%s-b", t_name("browse"));
	g_snprintf(names[2], sizeof names[2], "%s-c", t_name("browse"));
	g_snprintf(other, sizeof other, "%s", t_name("other"));
	/* names[0] exists before the app starts, made by this process. */
	sm_buffer *pre;
	CHECK_EQ(sm_buffer_create(&pre, names[0], 1 << 20, NULL), 0);
	const char *argv[] = { "sharedmem-workbench", "--segment", names[0], NULL };
	int rc = ui_run(body, NULL, 3, argv);
	sm_buffer_close(pre);
	for (int i = 0; i < 3; i++)
		t_remove_file(names[i]);
	t_remove_file(other);
	return rc;
}
