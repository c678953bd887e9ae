/* Another user's private segment (mode 0600: opening it is refused) is
 * shown as the list shows it, private, not as a broken or foreign file:
 * the header page's subtitle says "Private", and its error says why the
 * header cannot be read.  The test runs as root and plays the other user
 * with setfsuid(), which the file checks use (not the X connection). */
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "sm-header-view.h"
#include "uitest.h"

static const char *name;

static const char *label_text(GtkWidget *view, const char *id)
{
	return gtk_label_get_label(GTK_LABEL(gtk_widget_get_template_child(view, SM_TYPE_HEADER_VIEW, id)));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, name, 4096, NULL), 0);
	setfsuid(65534); /* nobody */
	if ((int)setfsuid((uid_t)-1) != 65534) {
		sm_buffer_close(buf);
		return T_EXIT_SKIP;
	}
	/* Looked at as nobody, checked as root: a failed CHECK exits, and its
	 * cleanup must be able to remove the segment. */
	SmSegmentStore *store = sm_application_get_store(app);
	sm_segment_store_refresh(store);
	SmSegmentItem *item = sm_segment_store_find(store, name, NULL);
	gboolean private = item && sm_segment_item_get_private(item);
	gboolean selected = sm_window_select_segment(win, name);
	ui_action(win, "win.show-view", "header");
	GtkWidget *hv = sm_window_get_view(win, "header");
	ui_iterate(200);
	g_autofree char *sub = g_strdup(label_text(hv, "subtitle_label"));
	g_autofree char *why = g_strdup(label_text(hv, "error_label"));
	sm_window_select_segment(win, NULL);
	setfsuid(0);
	sm_buffer_close(buf);
	fprintf(stderr, "subtitle: %s\nerror: %s\n", sub, why);
	CHECK(private);
	CHECK(selected);
	CHECK(g_str_has_prefix(sub, "Private"));
	CHECK(strstr(sub, "roken") == NULL && strstr(sub, "oreign") == NULL);
	CHECK(strstr(why, sm_strerror(-EACCES)) != NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "needs root (setfsuid): skipped\n");
		return T_EXIT_SKIP;
	}
	name = t_name("private");
	return ui_run(body, NULL, 0, NULL);
}
