/* The list follows what happens to segments from outside the workbench:
 *   - a segment removed from a terminal while selected makes the summary
 *     say "“NAME” was removed"; made again under that name (`sharedmem
 *     create` in another shell), it is listed, and the summary no longer
 *     says it was removed. */
#include <string.h>

#include "uitest.h"

static char gone[64];

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

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentBrowser *browser = sm_window_get_browser(win);

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

	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(gone, t_name("follows"), sizeof gone);
	return ui_run(body, NULL, 0, NULL);
}
