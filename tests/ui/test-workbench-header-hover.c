/* The header view's hover line describes the bytes shown now: a segment
 * corrupted from a terminal while the pointer rests on its magic (`dd
 * conv=notrunc` over /dev/shm/sm.NAME) turns broken, the table says the
 * magic is wrong, and so does the hover line; it kept "(SHRDMEM1)", the
 * value it read before, until the pointer moved. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sm-header-view.h"
#include "uitest.h"

static char name[64];

static gboolean listed(gpointer data)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), data, NULL) != NULL;
}

static gboolean magic_wrong(gpointer view)
{
	const char *v = sm_header_view_get_field_value(view, "magic");
	return v && strstr(v, "(wrong)") != NULL;
}

static const char *hover_line(SmHeaderView *view)
{
	return gtk_label_get_label(
		GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_HEADER_VIEW, "hover_label")));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, name, 4096, NULL), 0);
	CHECK(ui_wait(listed, name, 3000));
	CHECK(sm_window_select_segment(win, name));
	ui_action(win, "win.show-view", "header");
	SmHeaderView *view = SM_HEADER_VIEW(sm_window_get_view(win, "header"));
	ui_iterate(100);
	CHECK(g_strcmp0(sm_header_view_hover(view, 0), "magic") == 0);
	CHECK(strstr(hover_line(view), "(SHRDMEM1)") != NULL);

	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, "XXXXXXXX", 8, 0) == 8);
	close(fd);
	CHECK(ui_wait(magic_wrong, view, 4000));
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "workbench-header-hover");
	fprintf(stderr, "hover: %s\n", hover_line(view));
	CHECK(strstr(hover_line(view), "(wrong)") != NULL);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(name, t_name("hover"), sizeof name);
	return ui_run(body, NULL, 0, NULL);
}
