/* The teaching log keeps the newest SM_RING_PICTURE_LOG_LINES lines: with
 * Auto-Step (a step every 400 ms, 9000 lines an hour) left running in a
 * classroom it grew without end, and the text view with it.  The steps
 * here are the teacher's "stepped" signal emitted directly, so that no
 * child process is needed for thousands of them. */
#include <string.h>

#include "ringui-test.h"

int main(void)
{
	rt_init();
	GtkWidget *win;
	SmRingTeacher *t;
	SmRingPicture *p = rt_teaching_window(900, 700, &win, &t);

	const int steps = SM_RING_PICTURE_LOG_LINES + 500;
	for (int i = 0; i < steps; i++) {
		g_autofree char *text = g_strdup_printf("step %d", i);
		g_signal_emit_by_name(t, "stepped", 0, text);
	}
	ui_iterate(10);

	g_autofree char *log = sm_ring_picture_get_log_text(p);
	g_auto(GStrv) lines = g_strsplit(log, "\n", -1);
	guint n = g_strv_length(lines);
	CHECK_EQ(n, SM_RING_PICTURE_LOG_LINES);
	g_autofree char *first = g_strdup_printf("• step %d", steps - SM_RING_PICTURE_LOG_LINES);
	g_autofree char *last = g_strdup_printf("• step %d", steps - 1);
	CHECK(strcmp(lines[0], first) == 0);
	CHECK(strcmp(lines[n - 1], last) == 0);
	gtk_window_destroy(GTK_WINDOW(win));
	return 0;
}
