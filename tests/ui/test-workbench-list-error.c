/* When the segment list cannot be read (here: out of file descriptors,
 * as a process that leaks them is; or /dev/shm unreadable), the list
 * went on showing what it last read, with nothing to say it was not
 * current: the error of sm_segment_list() was kept and never shown.  The
 * summary under the list now says so, and stops saying it once the list
 * is read again.  Screenshot: workbench-list-error. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "uitest.h"

static const char *summary(SmSegmentBrowser *browser)
{
	return gtk_label_get_label(
		GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(browser), SM_TYPE_SEGMENT_BROWSER, "summary_label")));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentBrowser *browser = sm_window_get_browser(win);
	ui_action(win, "win.refresh", NULL);
	CHECK(strstr(summary(browser), "Cannot") == NULL);

	/* Use up the descriptors: opendir("/dev/shm") gets EMFILE. */
	struct rlimit old, low;
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = 256;
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
	int fds[256], n = 0;
	while (n < 256 && (fds[n] = dup(0)) >= 0)
		n++;
	CHECK(n < 256 && errno == EMFILE);
	ui_action(win, "win.refresh", NULL);
	g_autofree char *during = g_strdup(summary(browser));
	while (n > 0)
		close(fds[--n]);
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);
	fprintf(stderr, "summary while the list cannot be read: %s\n", during);
	CHECK(strstr(during, "Cannot read " SM_SHM_DIR) != NULL);
	CHECK(strstr(during, sm_strerror(-EMFILE)) != NULL);
	ui_screenshot(GTK_WIDGET(win), "workbench-list-error");

	ui_action(win, "win.refresh", NULL);
	fprintf(stderr, "summary after: %s\n", summary(browser));
	CHECK(strstr(summary(browser), "Cannot") == NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run(body, NULL, 0, NULL);
}
