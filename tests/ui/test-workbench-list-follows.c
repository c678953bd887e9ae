/* The list follows what happens to segments from outside the workbench:
 *   - a segment removed from a terminal while selected makes the summary
 *     say "“NAME” was removed"; made again under that name (`sharedmem
 *     create` in another shell), it is listed, and the summary no longer
 *     says it was removed;
 *   - sorted by Attached, the list re-sorts when a process attaches to a
 *     segment (its row kept its place while its count grew);
 *   - a search for "stale" shows a segment once its owner died (the
 *     filter judged it when it was listed, alive, and kept it out).
 * The selected segment stays selected while it moves: the views never
 * see their segment-name cleared. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "uitest.h"

static char prefix[64], gone[64], first[64], second[64], dying[64];
static int go_pipe[2];

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static gboolean unlisted(gpointer name)
{
	return !listed(name);
}

static const char *summary(SmSegmentBrowser *browser)
{
	return gtk_label_get_label(
		GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(browser), SM_TYPE_SEGMENT_BROWSER, "summary_label")));
}

static const char *shown_name(GListModel *m, guint i)
{
	g_autoptr(SmSegmentItem) item = g_list_model_get_item(m, i);
	return item ? sm_segment_item_get_name(item) : NULL; /* kept alive by the store */
}

static gboolean attached_twice(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	SmSegmentItem *item = sm_segment_store_find(sm_application_get_store(app), name, NULL);
	return item && sm_segment_item_get_info(item)->n_attached == 2;
}

static gboolean is_stale(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	SmSegmentItem *item = sm_segment_store_find(sm_application_get_store(app), name, NULL);
	return item && sm_segment_item_get_stale(item);
}

/* Another process, forked before the segment it maps exists (a fork maps
 * what its parent maps): on a byte from the pipe it opens `first`, or
 * with `arg` creates `dying`; then it waits to be killed. */
static int holder(void *arg)
{
	close(go_pipe[1]); /* the test's exit ends the reads */
	char c;
	sm_buffer *buf;
	if (read(go_pipe[0], &c, 1) != 1 ||
	    (arg ? sm_buffer_create(&buf, dying, 64, NULL) : sm_buffer_open(&buf, first, SM_OPEN_READONLY)) < 0)
		return 1;
	(void)!read(go_pipe[0], &c, 1);
	return 0;
}

static gboolean shown_now(GListModel *shown, const char *name)
{
	for (guint i = 0; i < g_list_model_get_n_items(shown); i++)
		if (strcmp(shown_name(shown, i), name) == 0)
			return TRUE;
	return FALSE;
}

static void count_notify(GObject *object, GParamSpec *pspec, gpointer data)
{
	(*(int *)data)++;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentBrowser *browser = sm_window_get_browser(win);
	GListModel *shown = sm_segment_browser_get_model(browser);

	/* ---- removed, then made again under the same name ---- */
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, gone, 4096, NULL), 0);
	CHECK(ui_wait(listed, gone, 3000));
	CHECK(sm_window_select_segment(win, gone));
	CHECK_EQ(sm_segment_unlink(gone, false), 0); /* `sharedmem rm` */
	CHECK(ui_wait(unlisted, gone, 3000));
	CHECK(strstr(summary(browser), "was removed") != NULL);
	sm_buffer_close(buf);
	CHECK_EQ(sm_buffer_create(&buf, gone, 4096, NULL), 0);
	CHECK(ui_wait(listed, gone, 3000));
	ui_iterate(100);
	fprintf(stderr, "summary: %s\n", summary(browser));
	CHECK(strstr(summary(browser), "was removed") == NULL);
	sm_buffer_close(buf);

	/* ---- sorted by Attached while a process attaches ---- */
	CHECK(pipe(go_pipe) == 0);
	pid_t child = t_fork(holder, NULL);
	sm_buffer *a, *b;
	CHECK_EQ(sm_buffer_create(&a, first, 4096, NULL), 0);
	CHECK_EQ(sm_buffer_create(&b, second, 4096, NULL), 0);
	CHECK(ui_wait(listed, second, 3000));
	sm_segment_browser_set_search(browser, prefix);
	CHECK_EQ(g_list_model_get_n_items(shown), 2);
	CHECK(sm_segment_browser_sort_by(browser, "Attached", GTK_SORT_ASCENDING));
	CHECK(strcmp(shown_name(shown, 0), first) == 0); /* 1 and 1: by name */
	CHECK(sm_window_select_segment(win, first));
	int selection_changes = 0;
	g_signal_connect(browser, "notify::selected-item", G_CALLBACK(count_notify), &selection_changes);
	CHECK(write(go_pipe[1], "a", 1) == 1);
	CHECK(ui_wait(attached_twice, first, 5000));
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "workbench-list-follows-sorted");
	CHECK(strcmp(shown_name(shown, 0), second) == 0);
	CHECK(strcmp(shown_name(shown, 1), first) == 0);
	CHECK_EQ(selection_changes, 0);
	CHECK(g_strcmp0(sm_window_get_segment_name(win), first) == 0);
	g_signal_handlers_disconnect_by_func(browser, count_notify, &selection_changes);
	kill(child, SIGKILL);
	t_wait(child);
	sm_buffer_close(a);
	sm_buffer_close(b);

	/* ---- a search for "stale" ---- */
	close(go_pipe[0]);
	close(go_pipe[1]);
	CHECK(pipe(go_pipe) == 0);
	child = t_fork(holder, dying);
	CHECK(write(go_pipe[1], "c", 1) == 1);
	CHECK(ui_wait(listed, dying, 3000));
	sm_segment_browser_set_search(browser, "stale");
	CHECK(!shown_now(shown, dying));
	kill(child, SIGKILL);
	t_wait(child);
	CHECK(ui_wait(is_stale, dying, 5000));
	ui_iterate(100);
	CHECK(shown_now(shown, dying));
	return T_EXIT_PASS;
}

int main(void)
{
	g_snprintf(prefix, sizeof prefix, "%s-", t_name("follows"));
	g_snprintf(gone, sizeof gone, "%sgone", prefix);
	g_snprintf(first, sizeof first, "%sa", prefix);
	g_snprintf(second, sizeof second, "%sb", prefix);
	g_snprintf(dying, sizeof dying, "%sdying", prefix);
	t_remove_at_exit(gone);
	t_remove_at_exit(first);
	t_remove_at_exit(second);
	t_remove_at_exit(dying);
	return ui_run(body, NULL, 0, NULL);
}
