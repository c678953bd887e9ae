/* uitest.c — see uitest.h. */
#include "uitest.h"

#include <errno.h>
#include <sys/stat.h>

#include "sm-demo.h"
#include "sm-png.h"

struct run {
	int (*body)(SmApplication *, SmWindow *, void *);
	void *data;
	int status;
	SmApplication *app;
};

void ui_iterate(int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	while (g_get_monotonic_time() < end) {
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(2000);
	}
}

gboolean ui_wait(gboolean (*cond)(gpointer), gpointer data, int timeout_ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	while (!cond(data)) {
		if (g_get_monotonic_time() > end)
			return cond(data);
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(2000);
	}
	return TRUE;
}

static gboolean window_ready(gpointer data)
{
	GtkWindow *w = gtk_application_get_active_window(data);
	return w && gtk_widget_get_mapped(GTK_WIDGET(w)) && gtk_widget_get_width(GTK_WIDGET(w)) > 0;
}

static gboolean run_body(gpointer data)
{
	struct run *run = data;
	GtkApplication *app = GTK_APPLICATION(run->app);
	if (!ui_wait(window_ready, app, 5000)) {
		fprintf(stderr, "the main window did not show up\n");
		run->status = T_EXIT_FAIL;
	} else {
		ui_iterate(100); /* let the first layout and draw happen */
		run->status = run->body(run->app, SM_WINDOW(gtk_application_get_active_window(app)), run->data);
	}
	g_action_group_activate_action(G_ACTION_GROUP(app), "quit", NULL);
	return G_SOURCE_REMOVE;
}

static void on_activate(GApplication *app, struct run *run)
{
	static gboolean once;
	if (!once) {
		once = TRUE;
		g_idle_add(run_body, run);
	}
}

int ui_run(int (*body)(SmApplication *, SmWindow *, void *), void *data, int argc, const char *const *argv)
{
	if (!gtk_init_check()) {
		fprintf(stderr, "no display: skipped\n");
		return T_EXIT_SKIP;
	}
	/* No crossfades: a screenshot shows the page it was taken of, not a
	 * blend of it and the one before. */
	g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
	struct run run = { body, data, T_EXIT_FAIL, sm_application_new() };
	const char *default_argv[] = { "sharedmem-workbench", NULL };
	if (!argv) {
		argv = default_argv;
		argc = 1;
	}
	g_signal_connect_after(run.app, "activate", G_CALLBACK(on_activate), &run);
	int rc = g_application_run(G_APPLICATION(run.app), argc, (char **)argv);
	g_object_unref(run.app);
	if (rc != 0 && run.status == 0)
		run.status = rc;
	return run.status;
}

int ui_run_demo(int (*body)(SmApplication *, SmWindow *, void *), const char *tag, char **ring)
{
	const char *suffix = t_name(tag);
	*ring = sm_demo_name(SM_DEMO_RING, suffix);
	t_remove_at_exit(*ring);
	g_autofree char *rpc = sm_demo_name(SM_DEMO_RPC, suffix);
	t_remove_at_exit(rpc);
	const char *argv[] = { "sharedmem-workbench", "--demo", "--demo-suffix", suffix, NULL };
	return ui_run(body, NULL, 4, argv);
}

GtkWidget *ui_show_view_of(SmWindow *win, const char *segment, const char *view)
{
	ui_action(win, "win.refresh", NULL);
	CHECK(sm_window_select_segment(win, segment));
	CHECK(sm_window_show_view(win, view));
	ui_iterate(500);
	return sm_window_get_view(win, view);
}

static void on_after_paint(GdkFrameClock *clock, gboolean *painted)
{
	*painted = TRUE;
}

static gboolean is_true(gpointer data)
{
	return *(gboolean *)data;
}

/* Wait until the widget's window has drawn a frame since now, so the
 * widget has a layout and a render node to snapshot. */
static void wait_for_paint(GtkWidget *widget)
{
	GdkFrameClock *clock = gtk_widget_get_frame_clock(widget);
	if (!clock)
		return;
	gboolean painted = FALSE;
	gulong id = g_signal_connect(clock, "after-paint", G_CALLBACK(on_after_paint), &painted);
	gtk_widget_queue_draw(widget);
	ui_wait(is_true, &painted, 3000);
	g_signal_handler_disconnect(clock, id);
}

void ui_screenshot(GtkWidget *widget, const char *name)
{
	const char *dir = g_getenv("SM_SCREENSHOT_DIR");
	g_autofree char *d = g_strdup(dir ? dir : "screenshots");
	if (g_mkdir_with_parents(d, 0755) < 0) {
		perror(d);
		exit(T_EXIT_FAIL);
	}
	g_autofree char *path = g_strdup_printf("%s/%s.png", d, name);
	g_autoptr(GError) error = NULL;
	gboolean ok = FALSE;
	for (int tries = 0; tries < 5 && !ok; tries++) {
		g_clear_error(&error);
		wait_for_paint(widget);
		ok = sm_widget_save_png(widget, path, &error);
	}
	if (!ok) {
		fprintf(stderr, "screenshot %s: %s\n", name, error->message);
		exit(T_EXIT_FAIL);
	}
	struct stat st;
	CHECK(stat(path, &st) == 0 && st.st_size > 1000);
	fprintf(stderr, "screenshot: %s\n", path);
}

gboolean ui_try_widget_action(GtkWidget *widget, const char *action, const char *string_param)
{
	/* gtk_widget_activate_action() says TRUE for a disabled action (it
	 * only asks whether the name is known, then does nothing); a named
	 * shortcut action asks whether it is enabled as a click would. */
	g_autoptr(GtkShortcutAction) named = gtk_named_action_new(action);
	g_autoptr(GVariant) args = string_param ? g_variant_ref_sink(g_variant_new_string(string_param)) : NULL;
	return gtk_shortcut_action_activate(named, GTK_SHORTCUT_ACTION_EXCLUSIVE, widget, args);
}

void ui_widget_action(GtkWidget *widget, const char *action, const char *string_param)
{
	if (!ui_try_widget_action(widget, action, string_param)) {
		fprintf(stderr, "action %s is unknown or disabled\n", action);
		exit(T_EXIT_FAIL);
	}
}

void ui_action(SmWindow *win, const char *action, const char *string_param)
{
	ui_widget_action(GTK_WIDGET(win), action, string_param);
}

GtkWidget *ui_find_widget(GtkWidget *root, UiWidgetMatch match, gconstpointer data)
{
	if (match(root, data))
		return root;
	for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
		GtkWidget *found = ui_find_widget(c, match, data);
		if (found)
			return found;
	}
	return NULL;
}

GtkWindow *ui_find_toplevel(GType type)
{
	GListModel *tops = gtk_window_get_toplevels();
	for (guint i = 0; i < g_list_model_get_n_items(tops); i++) {
		g_autoptr(GtkWindow) w = g_list_model_get_item(tops, i);
		if (G_TYPE_CHECK_INSTANCE_TYPE(w, type))
			return w; /* still referenced by the toplevel list */
	}
	return NULL;
}

struct width_wait {
	GtkWidget *win;
	int width;
};

static gboolean within_width(gpointer data)
{
	const struct width_wait *ww = data;
	return gtk_widget_get_width(ww->win) <= ww->width;
}

void ui_check_fits_width(SmWindow *win, int width, const char *name)
{
	/* A new default size takes a frame or two to reach the window (on a
	 * loaded machine it was still its old 1190 px): give it 3 s.  One that
	 * its contents hold wider never gets there. */
	ui_wait(within_width, &(struct width_wait){ GTK_WIDGET(win), width }, 3000);
	int min_w;
	gtk_widget_measure(GTK_WIDGET(win), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
	int w = gtk_widget_get_width(GTK_WIDGET(win));
	fprintf(stderr, "%s: window %d px wide (its least %d) in a space of %d\n", name, w, min_w, width);
	ui_screenshot(GTK_WIDGET(win), name);
	CHECK(min_w <= width);
	CHECK(w <= width);
}
