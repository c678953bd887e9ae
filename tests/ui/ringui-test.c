/* ringui-test.c — see ringui-test.h. */
#include "ringui-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rt_init(void)
{
	if (!gtk_init_check()) {
		fprintf(stderr, "no display: skipped\n");
		exit(T_EXIT_SKIP);
	}
}

GtkWidget *rt_window(GtkWidget *child, int w, int h)
{
	GtkWidget *win = gtk_window_new();
	gtk_window_set_default_size(GTK_WINDOW(win), w, h);
	gtk_window_set_child(GTK_WINDOW(win), child);
	gtk_window_present(GTK_WINDOW(win));
	ui_iterate(200);
	return win;
}

SmRingMonitor *rt_monitor_window(const char *ring_name, GtkWidget **win)
{
	GtkWidget *monitor = sm_ring_monitor_new();
	*win = rt_window(monitor, 900, 700);
	sm_ring_monitor_set_segment_name(SM_RING_MONITOR(monitor), ring_name);
	return SM_RING_MONITOR(monitor);
}

SmTrafficPanel *rt_traffic_window(const char *ring_name, int w, int h, GtkWidget **win)
{
	GtkWidget *panel = sm_traffic_panel_new();
	*win = rt_window(panel, w, h);
	sm_traffic_panel_set_segment_name(SM_TRAFFIC_PANEL(panel), ring_name);
	return SM_TRAFFIC_PANEL(panel);
}

SmRingPicture *rt_teaching_window(int w, int h, GtkWidget **win, SmRingTeacher **teacher)
{
	GtkWidget *picture = sm_ring_picture_new();
	*win = rt_window(picture, w, h);
	rt_action(picture, "picture.teach");
	*teacher = sm_ring_picture_get_teacher(SM_RING_PICTURE(picture));
	CHECK(*teacher != NULL);
	t_remove_at_exit(sm_ring_teacher_get_ring_name(*teacher));
	return SM_RING_PICTURE(picture);
}

void rt_action(GtkWidget *widget, const char *action)
{
	ui_widget_action(widget, action, NULL);
}

static gboolean teacher_idle(gpointer picture)
{
	SmRingTeacher *t = sm_ring_picture_get_teacher(picture);
	return !t || !sm_ring_teacher_is_busy(t);
}

void rt_step(SmRingPicture *picture)
{
	rt_action(GTK_WIDGET(picture), "picture.step");
	CHECK(ui_wait(teacher_idle, picture, 5000));
}

SmTrafficRunner *rt_traffic_run(const char *name, const SmTrafficConfig *config)
{
	SmTrafficRunner *runner = sm_traffic_runner_new();
	GError *error = NULL;
	if (!sm_traffic_runner_start(runner, name, config, &error)) {
		fprintf(stderr, "traffic on %s: %s\n", name, error->message);
		exit(T_EXIT_FAIL);
	}
	return runner;
}

GPid rt_consumer_pid(SmTrafficRunner *runner)
{
	guint n;
	GPid *pids = sm_traffic_runner_get_pids(runner, &n);
	GPid found = 0;
	for (guint i = 0; i < n && !found; i++) {
		g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pids[i]);
		g_autofree char *cmdline = NULL;
		gsize len;
		if (!g_file_get_contents(path, &cmdline, &len, NULL))
			continue;
		for (gsize at = 0; at < len; at += strlen(cmdline + at) + 1)
			if (strcmp(cmdline + at, "consume") == 0)
				found = pids[i];
	}
	g_free(pids);
	return found;
}
