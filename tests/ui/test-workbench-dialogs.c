/* The creation dialog validates as you type (bad names and sizes are
 * explained inline, Create does nothing while they are wrong), creates
 * the segment (the Create button, or Enter in a field) and selects it.
 * Also: Preferences change the style through app.style (GSettings), the
 * sample rate spin button writes GSettings, Preferences opens once, the
 * help overlay and About open, and Ctrl+Q remembers the window size. */
#include <string.h>

#include "sm-create-dialog.h"
#include "sm-preferences-window.h"
#include "uitest.h"

static char name[64];

static gboolean is_spin_button(GtkWidget *w, gconstpointer data)
{
	(void)data;
	return GTK_IS_SPIN_BUTTON(w);
}

static void collect_shortcuts(GtkWidget *w, GString *out)
{
	if (GTK_IS_SHORTCUTS_SHORTCUT(w)) {
		g_autofree char *accel = NULL;
		g_object_get(w, "accelerator", &accel, NULL);
		g_string_append_printf(out, " %s ", accel ? accel : "");
	}
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		collect_shortcuts(c, out);
}

/* Every accelerator the application sets is in the shortcuts window. */
static void check_accels_listed(GtkApplication *app, GtkWidget *shortcuts)
{
	g_autoptr(GString) listed = g_string_new(" ");
	collect_shortcuts(shortcuts, listed);
	g_auto(GStrv) actions = gtk_application_list_action_descriptions(app);
	int missing = 0;
	for (int i = 0; actions[i]; i++) {
		g_auto(GStrv) accels = gtk_application_get_accels_for_action(app, actions[i]);
		for (int j = 0; accels[j]; j++) {
			g_autofree char *want = g_strdup_printf(" %s ", accels[j]);
			if (!strstr(listed->str, want)) {
				fprintf(stderr, "%s (%s) is not in the shortcuts window:%s\n", accels[j],
					actions[i], listed->str);
				missing++;
			}
		}
	}
	CHECK_EQ(missing, 0);
}

static guint count_toplevels(GType type)
{
	GListModel *list = gtk_window_get_toplevels();
	guint n = 0;
	for (guint i = 0; i < g_list_model_get_n_items(list); i++) {
		g_autoptr(GObject) w = g_list_model_get_item(list, i);
		n += G_TYPE_CHECK_INSTANCE_TYPE(w, type);
	}
	return n;
}

static gboolean dialog_gone(gpointer data)
{
	return ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_action(win, "win.new-segment", "array");
	SmCreateDialog *dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	CHECK(dlg != NULL);
	CHECK(strstr(sm_create_dialog_get_error(dlg), "Enter a name") != NULL);

	sm_create_dialog_set_text(dlg, "name", "bad/name");
	CHECK(strstr(sm_create_dialog_get_error(dlg), sm_strerror(-EINVAL)) != NULL);
	/* The library's reason ends its sentence; the rule that follows names
	 * every condition, ".." too (it read "... or flag) Use up to ..." and
	 * "a..b" broke none of the rules it gave). */
	g_autofree char *reason = g_strdup_printf("Invalid name: %s. ", sm_strerror(-EINVAL));
	CHECK(g_str_has_prefix(sm_create_dialog_get_error(dlg), reason));
	sm_create_dialog_set_text(dlg, "name", "a..b");
	CHECK(strstr(sm_create_dialog_get_error(dlg), "“..”") != NULL);
	/* Create is off with a bad name. */
	CHECK(!ui_try_widget_action(GTK_WIDGET(dlg), "create.create", NULL));
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == GTK_WINDOW(dlg));

	char longname[SM_NAME_MAX + 8];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	sm_create_dialog_set_text(dlg, "name", longname);
	CHECK(strstr(sm_create_dialog_get_error(dlg), sm_strerror(-ENAMETOOLONG)) != NULL);

	sm_create_dialog_set_text(dlg, "name", name);
	CHECK(strcmp(sm_create_dialog_get_error(dlg), "") == 0);
	sm_create_dialog_set_text(dlg, "count", "12x");
	CHECK(strstr(sm_create_dialog_get_error(dlg), "whole number") != NULL);
	sm_create_dialog_set_text(dlg, "count", "0");
	CHECK(strstr(sm_create_dialog_get_error(dlg), "between") != NULL);
	sm_create_dialog_set_text(dlg, "count", "4K");
	sm_create_dialog_set_text(dlg, "element-size", "2G");
	CHECK(strstr(sm_create_dialog_get_error(dlg), "element size") != NULL);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-dialog-error");
	sm_create_dialog_set_text(dlg, "element-size", "24");
	sm_create_dialog_set_text(dlg, "label", "from the dialog");
	CHECK(strcmp(sm_create_dialog_get_error(dlg), "") == 0);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-dialog");
	ui_widget_action(GTK_WIDGET(dlg), "create.create", NULL);
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL);

	/* Created with those parameters, owned, and selected. */
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.kind, SM_KIND_ARRAY);
	CHECK(strcmp(info.label, "from the dialog") == 0);
	CHECK(info.payload_size >= 24 * 4096);
	CHECK(sm_application_owns(app, name));
	CHECK(g_strcmp0(sm_window_get_segment_name(win), name) == 0);

	/* An RPC channel's name leaves room for its rings' suffix. */
	ui_action(win, "win.new-segment", "rpc");
	dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	char rpcname[SM_NAME_MAX + 1];
	memset(rpcname, 'r', SM_NAME_MAX);
	rpcname[SM_NAME_MAX] = '\0';
	sm_create_dialog_set_text(dlg, "name", rpcname);
	CHECK(strstr(sm_create_dialog_get_error(dlg), sm_strerror(-ENAMETOOLONG)) != NULL);
	sm_create_dialog_set_text(dlg, "name", "fine-name");
	sm_create_dialog_set_text(dlg, "packet-size", "16");
	CHECK(strstr(sm_create_dialog_get_error(dlg), "packet size") != NULL);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-rpc");
	ui_widget_action(GTK_WIDGET(dlg), "create.cancel", NULL);

	/* A ring's mode: what the dropdown shows is what it is created with. */
	char ringname[80];
	g_snprintf(ringname, sizeof ringname, "%s-ring", name);
	ui_action(win, "win.new-segment", "ring");
	dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	sm_create_dialog_set_text(dlg, "name", ringname);
	sm_create_dialog_set_ring_mode(dlg, SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	CHECK(strcmp(sm_create_dialog_get_error(dlg), "") == 0);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-ring");
	ui_widget_action(GTK_WIDGET(dlg), "create.create", NULL);
	sm_ring *ring;
	CHECK_EQ(sm_ring_open(&ring, ringname, SM_OPEN_READONLY), 0);
	CHECK_EQ(sm_ring_flags(ring), SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	sm_ring_close(ring);

	/* A name that exists is refused inline before Create. */
	ui_action(win, "win.new-segment", "buffer");
	dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	sm_create_dialog_set_text(dlg, "name", name);
	CHECK(strstr(sm_create_dialog_get_error(dlg), "exists") != NULL);
	ui_widget_action(GTK_WIDGET(dlg), "create.cancel", NULL);
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL);

	/* Sizes: too large for 64 bits is out of range, not "not a number". */
	ui_action(win, "win.new-segment", "buffer");
	dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	sm_create_dialog_set_text(dlg, "name", "fine-name");
	const char *huge[] = { "17179869184", "99999999999999999999", "16777216G" };
	for (gsize i = 0; i < G_N_ELEMENTS(huge); i++) {
		sm_create_dialog_set_text(dlg, "size", huge[i]);
		CHECK(strstr(sm_create_dialog_get_error(dlg), "between") != NULL);
	}
	sm_create_dialog_set_text(dlg, "size", "-1");
	CHECK(strstr(sm_create_dialog_get_error(dlg), "whole number") != NULL);
	sm_create_dialog_set_text(dlg, "size", "4096");
	/* A label is at most SM_LABEL_MAX bytes, not characters: refused
	 * inline rather than cut in the middle of a character. */
	sm_create_dialog_set_text(dlg, "label", "ééééééééééééééééé"); /* 17 characters, 34 bytes */
	CHECK(strstr(sm_create_dialog_get_error(dlg), "label") != NULL);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-label-too-long");
	CHECK(!ui_try_widget_action(GTK_WIDGET(dlg), "create.create", NULL));
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == GTK_WINDOW(dlg));
	sm_create_dialog_set_text(dlg, "label", "ééééééééééééééé"); /* 30 bytes */
	CHECK(strcmp(sm_create_dialog_get_error(dlg), "") == 0);
	ui_widget_action(GTK_WIDGET(dlg), "create.cancel", NULL);

	/* "Exists already" goes away when the segment does, and Create works
	 * without editing the input. */
	char gone[80];
	g_snprintf(gone, sizeof gone, "%s-gone", name);
	sm_buffer *other;
	CHECK_EQ(sm_buffer_create(&other, gone, 4096, NULL), 0);
	sm_segment_store_refresh(sm_application_get_store(app));
	ui_action(win, "win.new-segment", "buffer");
	dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	sm_create_dialog_set_text(dlg, "name", gone);
	CHECK(strstr(sm_create_dialog_get_error(dlg), "exists") != NULL);
	sm_buffer_close(other); /* the owner's close removes it */
	sm_segment_store_refresh(sm_application_get_store(app));
	ui_iterate(100);
	CHECK(strcmp(sm_create_dialog_get_error(dlg), "") == 0);
	ui_widget_action(GTK_WIDGET(dlg), "create.create", NULL);
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL);
	struct sm_segment_info gone_info;
	CHECK_EQ(sm_segment_stat(gone, &gone_info), 0);
	CHECK(sm_application_owns(app, gone));

	/* Enter in a field creates, as the Create button would. */
	char entered[80];
	g_snprintf(entered, sizeof entered, "%s-enter", name);
	ui_action(win, "win.new-segment", "ring");
	dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	sm_create_dialog_set_text(dlg, "name", entered);
	GtkWidget *focus = gtk_window_get_focus(GTK_WINDOW(dlg)); /* the name's text */
	CHECK(GTK_IS_TEXT(focus));
	g_signal_emit_by_name(focus, "activate"); /* what its Enter key binding does */
	ui_wait(dialog_gone, NULL, 2000);
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL);
	CHECK(sm_application_owns(app, entered));

	/* Style preference: app.style writes GSettings. */
	GSettings *settings = sm_application_get_settings(app);
	g_action_group_activate_action(G_ACTION_GROUP(app), "preferences", NULL);
	GtkWindow *prefs = ui_find_toplevel(SM_TYPE_PREFERENCES_WINDOW);
	CHECK(prefs != NULL);
	g_action_group_change_action_state(G_ACTION_GROUP(app), "style", g_variant_new_string("dark"));
	CHECK_EQ(g_settings_get_enum(settings, "style"), 2);
	gboolean dark = FALSE;
	g_object_get(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", &dark, NULL);
	CHECK(dark);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(prefs), "workbench-preferences");
	ui_screenshot(GTK_WIDGET(win), "workbench-dark");
	g_action_group_change_action_state(G_ACTION_GROUP(app), "style", g_variant_new_string("light"));
	g_object_get(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", &dark, NULL);
	CHECK(!dark);
	CHECK_EQ(g_settings_get_uint(settings, "sample-rate"), 10);
	gtk_window_destroy(prefs);

	/* Keyboard shortcuts (from gtk/help-overlay.ui) and About. */
	ui_action(win, "win.show-help-overlay", NULL);
	GtkWindow *shortcuts = ui_find_toplevel(GTK_TYPE_SHORTCUTS_WINDOW);
	CHECK(shortcuts != NULL);
	check_accels_listed(GTK_APPLICATION(app), GTK_WIDGET(shortcuts));
	ui_screenshot(GTK_WIDGET(shortcuts), "workbench-shortcuts");
	gtk_window_destroy(shortcuts);
	g_action_group_activate_action(G_ACTION_GROUP(app), "about", NULL);
	GtkWindow *about = ui_find_toplevel(GTK_TYPE_ABOUT_DIALOG);
	CHECK(about != NULL);
	gtk_window_destroy(about);

	/* Ctrl+Q is the quit accelerator. */
	g_auto(GStrv) accels = gtk_application_get_accels_for_action(GTK_APPLICATION(app), "app.quit");
	CHECK(accels && accels[0] && strcmp(accels[0], "<Control>q") == 0);

	/* The sample-rate spin button writes GSettings as it changes. */
	g_action_group_activate_action(G_ACTION_GROUP(app), "preferences", NULL);
	prefs = ui_find_toplevel(SM_TYPE_PREFERENCES_WINDOW);
	GtkWidget *spin = ui_find_widget(GTK_WIDGET(prefs), is_spin_button, NULL);
	CHECK(spin != NULL);
	CHECK_EQ((int)gtk_spin_button_get_value(GTK_SPIN_BUTTON(spin)), 10);
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), 25);
	CHECK_EQ(g_settings_get_uint(settings, "sample-rate"), 25);
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), 1000); /* clamped to the key's range */
	CHECK_EQ(g_settings_get_uint(settings, "sample-rate"), 100);
	g_settings_reset(settings, "sample-rate");
	CHECK_EQ((int)gtk_spin_button_get_value(GTK_SPIN_BUTTON(spin)), 10);
	/* Ctrl+comma again (Preferences has the focus) shows the same window. */
	g_action_group_activate_action(G_ACTION_GROUP(app), "preferences", NULL);
	CHECK_EQ(count_toplevels(SM_TYPE_PREFERENCES_WINDOW), 1);
	gtk_window_destroy(prefs);

	/* Ctrl+Q remembers the window size, as closing the window does. */
	gtk_window_set_default_size(GTK_WINDOW(win), 1000, 700);
	ui_iterate(200);
	g_action_group_activate_action(G_ACTION_GROUP(app), "quit", NULL);
	CHECK_EQ(g_settings_get_int(settings, "window-width"), 1000);
	CHECK_EQ(g_settings_get_int(settings, "window-height"), 700);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(name, t_name("dialog"), sizeof name);
	int rc = ui_run(body, NULL, 0, NULL);
	struct sm_segment_info info;
	if (rc == T_EXIT_PASS)
		CHECK_EQ(sm_segment_stat(name, &info), -ENOENT); /* removed on quit */
	t_remove_file(name);
	return rc;
}
