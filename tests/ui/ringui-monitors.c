/* ringui-monitors — the monitoring-cost harness (not a test): shows one
 * ring monitor (the workbench's own widget) per ring, sampling at the
 * default rate, and after --seconds prints the CPU time this process used
 * as JSON: {"rings":N,"seconds":S,"cpu_percent_of_one_core":P}.
 *
 *   ringui-monitors [--seconds S] NAME...   monitor the named rings
 *   ringui-monitors [--seconds S] --all     every ring on the machine (up
 *                                           to 4), re-scanned every 250 ms
 *   ringui-monitors [--seconds S] --headless --all
 *       no window: only what sampling does to a ring (a read-only snapshot
 *       with node states of every ring, 10 times a second), to tell the
 *       cost of reading apart from the cost of drawing
 * Used by tests/bench/monitor-cost.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gtk/gtk.h>

#include "sharedmem.h"
#include "sm-ring-monitor.h"
#include "sm-ring-watch.h"

#define MAX_MONITORS 4

static GtkWidget *monitors[MAX_MONITORS];
static guint n_monitors;

static double cpu_seconds(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

/* --all: give idle monitors the rings that appeared. */
static gboolean rescan(gpointer data)
{
	struct sm_segment_info *infos;
	size_t n;
	if (sm_segment_list(&infos, &n) < 0)
		return G_SOURCE_CONTINUE;
	for (size_t i = 0; i < n; i++) {
		if (infos[i].kind != SM_KIND_RING || infos[i].status != 0)
			continue;
		gboolean shown = FALSE;
		for (guint m = 0; m < n_monitors; m++)
			shown |= g_strcmp0(sm_ring_monitor_get_segment_name(SM_RING_MONITOR(monitors[m])),
					   infos[i].name) == 0;
		for (guint m = 0; !shown && m < n_monitors; m++) {
			SmRingMonitor *mon = SM_RING_MONITOR(monitors[m]);
			const char *cur = sm_ring_monitor_get_segment_name(mon);
			struct sm_segment_info *still = NULL;
			for (size_t j = 0; cur && j < n; j++)
				if (strcmp(infos[j].name, cur) == 0)
					still = &infos[j];
			if (!still) {
				sm_ring_monitor_set_segment_name(mon, infos[i].name);
				shown = TRUE;
			}
		}
	}
	free(infos);
	return G_SOURCE_CONTINUE;
}

/* --headless: the reads alone. */
static SmRingWatch headless_watch[MAX_MONITORS];

static gboolean headless_tick(gpointer data)
{
	static guint8 states[65536];
	static guint n;
	if (n++ % 3 == 0) {
		struct sm_segment_info *infos;
		size_t count;
		if (sm_segment_list(&infos, &count) == 0) {
			guint m = 0;
			for (size_t i = 0; i < count && m < MAX_MONITORS; i++)
				if (infos[i].kind == SM_KIND_RING && infos[i].status == 0) {
					if (g_strcmp0(headless_watch[m].name, infos[i].name) != 0)
						sm_ring_watch_set_name(&headless_watch[m], infos[i].name);
					m++;
				}
			free(infos);
		}
	}
	for (guint m = 0; m < MAX_MONITORS; m++) {
		struct sm_ring_snapshot snap;
		if (headless_watch[m].name)
			sm_ring_watch_snapshot(&headless_watch[m], &snap, states, sizeof states);
	}
	return G_SOURCE_CONTINUE;
}

static double start_cpu;
static gint64 start_time;

static gboolean start_measuring(gpointer data)
{
	start_cpu = cpu_seconds();
	start_time = g_get_monotonic_time();
	return G_SOURCE_REMOVE;
}

static gboolean finish(gpointer loop)
{
	double cpu = cpu_seconds() - start_cpu;
	double wall = (double)(g_get_monotonic_time() - start_time) / 1e6;
	guint with_ring = 0;
	for (guint m = 0; m < MAX_MONITORS; m++)
		with_ring += headless_watch[m].ring != NULL;
	for (guint m = 0; m < n_monitors; m++)
		with_ring += sm_sample_series_get_n_samples(
			sm_ring_monitor_get_series(SM_RING_MONITOR(monitors[m]))) > 0;
	printf("{\"rings\":%u,\"seconds\":%.1f,\"cpu_percent_of_one_core\":%.2f}\n", with_ring, wall,
	       100.0 * cpu / wall);
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	double seconds = 10;
	gboolean all = FALSE, headless = FALSE;
	int first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--all") == 0)
			all = TRUE;
		else if (strcmp(argv[first], "--headless") == 0)
			headless = TRUE;
		else if (strcmp(argv[first], "--seconds") == 0 && first + 1 < argc)
			seconds = atof(argv[++first]);
		else {
			fprintf(stderr, "usage: ringui-monitors [--seconds S] [--headless] (--all | NAME...)\n");
			return 2;
		}
	}
	if (headless) {
		GMainLoop *loop = g_main_loop_new(NULL, FALSE);
		g_timeout_add(100, headless_tick, NULL);
		g_timeout_add(1000, start_measuring, NULL);
		g_timeout_add((guint)(1000 + seconds * 1000), finish, loop);
		g_main_loop_run(loop);
		return 0;
	}
	if (!gtk_init_check()) {
		fprintf(stderr, "ringui-monitors: no display\n");
		return 77;
	}
	GtkWidget *grid = gtk_grid_new();
	n_monitors = all ? MAX_MONITORS : (guint)MIN(argc - first, MAX_MONITORS);
	for (guint m = 0; m < n_monitors; m++) {
		monitors[m] = sm_ring_monitor_new();
		gtk_widget_set_hexpand(monitors[m], TRUE);
		gtk_widget_set_vexpand(monitors[m], TRUE);
		if (!all)
			sm_ring_monitor_set_segment_name(SM_RING_MONITOR(monitors[m]), argv[first + m]);
		gtk_grid_attach(GTK_GRID(grid), monitors[m], (int)(m % 2), (int)(m / 2), 1, 1);
	}
	GtkWidget *win = gtk_window_new();
	gtk_window_set_default_size(GTK_WINDOW(win), 1600, 1000);
	gtk_window_set_child(GTK_WINDOW(win), grid);
	gtk_window_present(GTK_WINDOW(win));
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);
	if (all) {
		rescan(NULL);
		g_timeout_add(250, rescan, NULL); /* catch short benchmark runs early */
	}
	/* Measure after a second of warm-up (window mapped, first frames). */
	g_timeout_add(1000, start_measuring, NULL);
	g_timeout_add((guint)(1000 + seconds * 1000), finish, loop);
	g_main_loop_run(loop);
	return 0;
}
