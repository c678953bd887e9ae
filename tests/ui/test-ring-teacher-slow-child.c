/* The teaching mode's producer-death steps waited for the producer
 * process on the main thread: Step read the child's first line (it has
 * to start, and waits up to 2 s for a node while the ring is full) and
 * reaped it after SIGKILL, the window frozen meanwhile.  With a CLI that
 * takes 1 s to start, Step froze the window for 1 s.  Those steps now
 * wait without blocking: Step returns at once, is disabled until the
 * child answers, and the log tells the step when it is done.
 * Screenshot: ringui-teaching-pending. */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"

static guint seen[SM_TEACH_FAILED + 1];

static void on_stepped(SmRingTeacher *t, int event, const char *text, gpointer data)
{
	seen[event]++;
	if (event == SM_TEACH_FAILED)
		fprintf(stderr, "step failed: %s\n", text);
}

static gboolean seen_event(gpointer event)
{
	return seen[GPOINTER_TO_INT(event)] > 0;
}

static char *dir, *path;

static void remove_slow_cli(void)
{
	g_remove(path);
	g_rmdir(dir);
}

/* A CLI that sleeps 1 s, then is the real one: a slow process start. */
static void use_slow_cli(void)
{
	dir = g_dir_make_tmp("sm-slow-cli-XXXXXX", NULL);
	CHECK(dir != NULL);
	path = g_build_filename(dir, "sharedmem", NULL);
	atexit(remove_slow_cli);
	g_autofree char *script = g_strdup_printf("#!/bin/sh\nsleep 1\nexec '%s' \"$@\"\n",
						  g_getenv("SHAREDMEM_CLI"));
	CHECK(g_file_set_contents(path, script, -1, NULL));
	CHECK_EQ(g_chmod(path, 0755), 0);
	g_setenv("SHAREDMEM_CLI", path, TRUE);
}

static gboolean is_button_for(GtkWidget *w, gconstpointer action)
{
	return GTK_IS_BUTTON(w) && g_strcmp0(gtk_actionable_get_action_name(GTK_ACTIONABLE(w)), action) == 0;
}

/* Step; how long the main thread was held, in ms. */
static gint64 timed_step(GtkWidget *picture)
{
	gint64 t0 = g_get_monotonic_time();
	rt_action(picture, "picture.step");
	return (g_get_monotonic_time() - t0) / 1000;
}

int main(void)
{
	rt_init();
	CHECK(g_getenv("SHAREDMEM_CLI") != NULL);
	use_slow_cli();
	GtkWidget *win;
	SmRingTeacher *t;
	SmRingPicture *p = rt_teaching_window(1200, 720, &win, &t);
	GtkWidget *picture = GTK_WIDGET(p);
	g_signal_connect(t, "stepped", G_CALLBACK(on_stepped), NULL);
	for (int i = 0; i < 60 && !seen[SM_TEACH_EMPTY]; i++)
		rt_action(picture, "picture.step");
	CHECK(seen[SM_TEACH_EMPTY]);

	gint64 ms = timed_step(picture); /* the producer process starts */
	fprintf(stderr, "child reserve step held the main thread %lld ms\n", (long long)ms);
	CHECK(ms < 500);
	CHECK(!seen[SM_TEACH_CHILD_RESERVED]);
	ui_iterate(100);
	ui_screenshot(picture, "ringui-teaching-pending");
	CHECK(!gtk_widget_is_sensitive(ui_find_widget(picture, is_button_for, "picture.step")));
	CHECK(ui_wait(seen_event, GINT_TO_POINTER(SM_TEACH_CHILD_RESERVED), 10000));

	ms = timed_step(picture); /* SIGKILL */
	fprintf(stderr, "child kill step held the main thread %lld ms\n", (long long)ms);
	CHECK(ms < 500);
	CHECK(ui_wait(seen_event, GINT_TO_POINTER(SM_TEACH_CHILD_KILLED), 5000));
	for (int i = 0; i < 10 && !seen[SM_TEACH_CYCLE_DONE]; i++)
		rt_step(p);
	CHECK_EQ(seen[SM_TEACH_RECOVERED], 1);
	CHECK_EQ(seen[SM_TEACH_FAILED], 0);
	g_autofree char *log = sm_ring_picture_get_log_text(p);
	CHECK(strstr(log, "killed (SIGKILL)") != NULL);
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
