/* sm-application.c — see sm-application.h.
 *
 * Application actions (tests drive the workbench through these):
 *   app.quit                          Ctrl+Q
 *   app.about, app.preferences
 *   app.style            s stateful   "follow" | "light" | "dark" (GSettings "style")
 *   app.create-segment   (ssa{sv})    name, kind, parameters (sm-segment-factory.h)
 *   app.remove-segment   s            remove now, no questions (the window asks first)
 *   app.keep-segment     (sb)         keep an owned segment after quitting, or not
 */
#include "sm-application.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>

#include <glib-unix.h>

#include "sm-demo.h"
#include "sm-preferences-window.h"
#include "sm-segment-factory.h"
#include "sm-settings.h"
#include "sm-window.h"

typedef struct {
	void *handle;
	SmCloseFunc close_fn;
	gboolean keep;
	struct sm_segment_info info; /* what its name led to when it was owned */
	gboolean have_info;
	dev_t dev; /* and its file */
	ino_t ino;
} Owned;

struct _SmApplication {
	GtkApplication parent_instance;
	GSettings *settings;
	SmSegmentStore *store;
	GHashTable *owned; /* name -> Owned */
	char *open_segment; /* --segment */
	gboolean demo;      /* --demo */
	char *demo_suffix;  /* --demo-suffix (hidden, for tests): "demo-ring-SUFFIX" */
	gboolean demo_started;
	guint sigint_id, sigterm_id, sighup_id;
	guint orphan_timer;  /* lets go of owned segments removed from outside */
	GSettings *desktop_interface; /* org.gnome.desktop.interface, if installed */
	GtkCssProvider *dark_css;     /* style-dark.css, on the display while the theme is dark */
};

G_DEFINE_FINAL_TYPE(SmApplication, sm_application, GTK_TYPE_APPLICATION)

/* ---- owned segments ------------------------------------------------------ */

static void owned_free(gpointer data)
{
	Owned *o = data;
	if (!o->keep && o->close_fn)
		o->close_fn(o->handle);
	g_free(o);
}

/* The file a segment's name leads to now (a link is not followed). */
static gboolean file_id(const char *name, dev_t *dev, ino_t *ino)
{
	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	struct stat st;
	if (lstat(path, &st) < 0)
		return FALSE;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return TRUE;
}

void sm_application_own(SmApplication *self, const char *name, void *handle, SmCloseFunc close_fn,
			gboolean keep)
{
	Owned *o = g_new0(Owned, 1);
	o->handle = handle;
	o->close_fn = close_fn;
	o->keep = keep;
	o->have_info = sm_segment_stat(name, &o->info) == 0;
	file_id(name, &o->dev, &o->ino);
	g_hash_table_replace(self->owned, g_strdup(name), o);
}

/* An owned segment whose name was removed from outside (`sharedmem rm`)
 * or now leads to another segment is an orphan that nobody can open any
 * more: let go of it, so that the workbench neither serves a removed
 * channel for good nor takes a new segment of that name for its own
 * (removing it would close the orphan and leave the new one).  Closing it
 * removes nothing: an owner's close unlinks only a name still its own. */
static void let_go_of_orphans(SmApplication *self)
{
	GHashTableIter it;
	gpointer name, value;
	g_hash_table_iter_init(&it, self->owned);
	while (g_hash_table_iter_next(&it, &name, &value)) {
		Owned *o = value;
		struct sm_segment_info now;
		int r = sm_segment_stat(name, &now);
		if (!o->have_info || (r < 0 && r != -ENOENT) || (r == 0 && sm_segment_info_same(&now, &o->info)))
			continue; /* still ours, or cannot tell */
		/* A header overwritten since (broken now) says nothing of whose
		 * it is: the file does. */
		dev_t dev;
		ino_t ino;
		if (r == 0 && now.status != 0 && file_id(name, &dev, &ino) && dev == o->dev && ino == o->ino)
			continue;
		o->keep = FALSE;
		g_hash_table_iter_remove(&it);
	}
}

static gboolean on_orphan_timer(gpointer data)
{
	let_go_of_orphans(data);
	return G_SOURCE_CONTINUE;
}

gboolean sm_application_owns(SmApplication *self, const char *name)
{
	return name && g_hash_table_contains(self->owned, name);
}

void *sm_application_get_owned(SmApplication *self, const char *name)
{
	Owned *o = name ? g_hash_table_lookup(self->owned, name) : NULL;
	return o ? o->handle : NULL;
}

void sm_application_set_keep(SmApplication *self, const char *name, gboolean keep)
{
	Owned *o = name ? g_hash_table_lookup(self->owned, name) : NULL;
	if (o)
		o->keep = keep;
}

gboolean sm_application_get_keep(SmApplication *self, const char *name)
{
	Owned *o = name ? g_hash_table_lookup(self->owned, name) : NULL;
	return o && o->keep;
}

GSettings *sm_application_get_settings(SmApplication *self)
{
	return self->settings;
}

SmSegmentStore *sm_application_get_store(SmApplication *self)
{
	return self->store;
}

/* The most recently focused main window (dialogs are windows of the
 * application too, so the active window may be one of them). */
static SmWindow *active_window(SmApplication *self)
{
	for (GList *l = gtk_application_get_windows(GTK_APPLICATION(self)); l; l = l->next)
		if (SM_IS_WINDOW(l->data))
			return SM_WINDOW(l->data);
	return NULL;
}

int sm_application_create_segment(SmApplication *self, const char *name, const char *kind,
				  GVariant *params, char **error_text)
{
	enum sm_kind k = sm_kind_from_name(kind);
	SmCreated created = { 0 };
	int r = sm_segment_factory_create(name, k, params, &created, error_text);
	if (r < 0)
		return r;
	gboolean keep = FALSE;
	if (params)
		g_variant_lookup(params, "keep", "b", &keep);
	sm_application_own(self, name, created.handle, created.close_fn, keep);
	sm_segment_store_refresh(self->store);
	SmWindow *win = active_window(self);
	if (win)
		sm_window_select_segment(win, name);
	return 0;
}

int sm_application_remove_segment(SmApplication *self, const char *name, char **error_text)
{
	int r;
	let_go_of_orphans(self);
	if (sm_application_owns(self, name)) {
		Owned *o = g_hash_table_lookup(self->owned, name);
		o->keep = FALSE; /* closing it is removing it */
		g_hash_table_remove(self->owned, name);
		r = 0;
	} else {
		struct sm_segment_info info;
		r = sm_segment_stat(name, &info);
		if (r == 0)
			r = sm_segment_unlink(name, info.status != 0);
		else if (r == -EINVAL || r == -ENAMETOOLONG) /* a foreign file, listed by its whole name */
			r = sm_segment_unlink(name, true);
	}
	if (r < 0 && error_text) {
		char why[SM_INFO_REASON_SIZE];
		*error_text = g_strdup(sm_segment_error_text(name, r, why, sizeof why));
	}
	sm_segment_store_refresh(self->store);
	return r;
}

/* ---- style --------------------------------------------------------------- */

/* Whether the theme now in use is dark, whatever made it so (the style
 * preference, the desktop's, or GTK_THEME=Adwaita:dark): its background. */
static gboolean theme_is_dark(void)
{
	GtkWidget *probe = g_object_ref_sink(gtk_label_new(NULL));
	GdkRGBA bg;
	gboolean dark = gtk_style_context_lookup_color(gtk_widget_get_style_context(probe), "theme_bg_color", &bg) &&
			0.2126 * bg.red + 0.7152 * bg.green + 0.0722 * bg.blue < 0.5;
	g_object_unref(probe);
	return dark;
}

static void update_dark_css(SmApplication *self)
{
	GdkDisplay *display = gdk_display_get_default();
	if (!display)
		return;
	if (!self->dark_css) {
		self->dark_css = gtk_css_provider_new();
		gtk_css_provider_load_from_resource(self->dark_css, SM_RESOURCE_PATH "/style-dark.css");
	}
	gtk_style_context_remove_provider_for_display(display, GTK_STYLE_PROVIDER(self->dark_css));
	if (theme_is_dark())
		gtk_style_context_add_provider_for_display(display, GTK_STYLE_PROVIDER(self->dark_css),
							   GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void apply_style(SmApplication *self)
{
	GtkSettings *gs = gtk_settings_get_default();
	if (!gs)
		return;
	int style = g_settings_get_enum(self->settings, "style");
	gboolean dark;
	if (style == 2)
		dark = TRUE;
	else if (style == 1)
		dark = FALSE;
	else if (self->desktop_interface)
		dark = g_settings_get_enum(self->desktop_interface, "color-scheme") == 1; /* prefer-dark */
	else
		dark = FALSE;
	g_object_set(gs, "gtk-application-prefer-dark-theme", dark, NULL);
	update_dark_css(self);
}

/* The workbench's style.css: GTK 4.8's GtkApplication does not load it
 * from the resource base path (libadwaita's AdwApplication would). */
static void load_css(void)
{
	GdkDisplay *display = gdk_display_get_default();
	if (!display)
		return;
	g_autoptr(GtkCssProvider) css = gtk_css_provider_new();
	gtk_css_provider_load_from_resource(css, SM_RESOURCE_PATH "/style.css");
	gtk_style_context_add_provider_for_display(display, GTK_STYLE_PROVIDER(css),
						   GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void on_style_changed(GSettings *settings, const char *key, gpointer data)
{
	apply_style(data);
}

static GSettings *desktop_interface_settings(void)
{
	GSettingsSchemaSource *source = g_settings_schema_source_get_default();
	g_autoptr(GSettingsSchema) schema =
		source ? g_settings_schema_source_lookup(source, "org.gnome.desktop.interface", TRUE) : NULL;
	if (!schema || !g_settings_schema_has_key(schema, "color-scheme"))
		return NULL;
	return g_settings_new_full(schema, NULL, NULL);
}

/* ---- actions -------------------------------------------------------------- */

static void quit_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
	GApplication *app = data;
	/* The list's first each time: destroying a window also destroys its
	 * dialogs (destroy with parent), which leave the list meanwhile. */
	GList *windows;
	GtkWindow *last = NULL; /* one that stayed would be met again */
	while ((windows = gtk_application_get_windows(GTK_APPLICATION(app))) && windows->data != last) {
		GtkWindow *w = last = windows->data;
		if (SM_IS_WINDOW(w))
			sm_window_save_size(SM_WINDOW(w)); /* destroying skips close-request */
		gtk_window_destroy(w); /* which takes it out of the list */
	}
	g_application_quit(app);
}

static void about_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
	static const char *authors[] = { "The sharedmem developers", NULL };
	GtkWindow *parent = gtk_application_get_active_window(GTK_APPLICATION(data));
	gtk_show_about_dialog(parent,
			      "program-name", "Sharedmem Workbench",
			      "logo-icon-name", SM_APP_ID,
			      "version", SM_VERSION,
			      "comments", "Inspect shared-memory segments, watch lock-free rings and test RPC channels.",
			      "license-type", GTK_LICENSE_MIT_X11,
			      "authors", authors,
			      "website", "https://github.com/sharedmem/sharedmem",
			      NULL);
}

static void preferences_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
	SmApplication *self = data;
	/* Ctrl+comma works in Preferences too: show the one already open. */
	for (GList *l = gtk_application_get_windows(GTK_APPLICATION(self)); l; l = l->next) {
		if (SM_IS_PREFERENCES_WINDOW(l->data)) {
			gtk_window_present(l->data);
			return;
		}
	}
	GtkWindow *parent = GTK_WINDOW(active_window(self));
	GtkWindow *prefs = GTK_WINDOW(sm_preferences_window_new(self->settings));
	gtk_window_set_application(prefs, GTK_APPLICATION(self)); /* for app.style */
	gtk_window_set_transient_for(prefs, parent);
	gtk_window_present(prefs);
}

static void create_segment_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
	const char *name, *kind;
	g_autoptr(GVariant) params = NULL;
	g_variant_get(param, "(&s&s@a{sv})", &name, &kind, &params);
	g_autofree char *err = NULL;
	if (sm_application_create_segment(data, name, kind, params, &err) < 0)
		g_message("create-segment %s %s: %s", kind, name, err);
}

static void remove_segment_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
	g_autofree char *err = NULL;
	const char *name = g_variant_get_string(param, NULL);
	if (sm_application_remove_segment(data, name, &err) < 0)
		g_message("remove-segment %s: %s", name, err);
}

static void keep_segment_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
	const char *name;
	gboolean keep;
	g_variant_get(param, "(&sb)", &name, &keep);
	sm_application_set_keep(data, name, keep);
}

/* Ctrl+C in the terminal (./run.sh), a plain kill, or the terminal closed
 * (SIGHUP): quit the normal way, so the segments the workbench owns are
 * removed. */
static gboolean on_quit_signal(gpointer data)
{
	g_action_group_activate_action(G_ACTION_GROUP(data), "quit", NULL);
	return G_SOURCE_CONTINUE;
}

/* Started with nohup: the terminal closing is to leave it running. */
static gboolean signal_ignored(int sig)
{
	struct sigaction old;
	return sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN;
}

static const GActionEntry app_actions[] = {
	{ .name = "quit", .activate = quit_activated },
	{ .name = "about", .activate = about_activated },
	{ .name = "preferences", .activate = preferences_activated },
	{ .name = "create-segment", .activate = create_segment_activated, .parameter_type = "(ssa{sv})" },
	{ .name = "remove-segment", .activate = remove_segment_activated, .parameter_type = "s" },
	{ .name = "keep-segment", .activate = keep_segment_activated, .parameter_type = "(sb)" },
};

/* ---- lifecycle ------------------------------------------------------------ */

static void sm_application_startup(GApplication *app)
{
	SmApplication *self = SM_APPLICATION(app);
	G_APPLICATION_CLASS(sm_application_parent_class)->startup(app);

	gtk_window_set_default_icon_name(SM_APP_ID);
	self->settings = sm_settings_new();
	self->desktop_interface = desktop_interface_settings();
	g_signal_connect(self->settings, "changed::style", G_CALLBACK(on_style_changed), self);
	if (self->desktop_interface)
		g_signal_connect(self->desktop_interface, "changed::color-scheme", G_CALLBACK(on_style_changed), self);
	apply_style(self);
	load_css();

	g_action_map_add_action_entries(G_ACTION_MAP(app), app_actions, G_N_ELEMENTS(app_actions), app);
	g_autoptr(GAction) style = g_settings_create_action(self->settings, "style");
	g_action_map_add_action(G_ACTION_MAP(app), style);

	static const char *quit_accels[] = { "<Control>q", NULL };
	static const char *prefs_accels[] = { "<Control>comma", NULL };
	static const char *new_accels[] = { "<Control>n", NULL };
	static const char *search_accels[] = { "<Control>f", NULL };
	static const char *refresh_accels[] = { "F5", "<Control>r", NULL };
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "app.quit", quit_accels);
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "app.preferences", prefs_accels);
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "win.new-segment::ring", new_accels);
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "win.search", search_accels);
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "win.refresh", refresh_accels);

	self->store = sm_segment_store_new();
	self->orphan_timer = g_timeout_add_seconds(1, on_orphan_timer, self);
	self->sigint_id = g_unix_signal_add(SIGINT, on_quit_signal, self);
	self->sigterm_id = g_unix_signal_add(SIGTERM, on_quit_signal, self);
	if (!signal_ignored(SIGHUP))
		self->sighup_id = g_unix_signal_add(SIGHUP, on_quit_signal, self);
}

static void sm_application_activate(GApplication *app)
{
	SmApplication *self = SM_APPLICATION(app);
	GtkWindow *win = gtk_application_get_active_window(GTK_APPLICATION(app));
	if (!win)
		win = GTK_WINDOW(sm_window_new(self));
	gtk_window_present(win);
	if (self->demo && !self->demo_started) {
		self->demo_started = TRUE;
		sm_demo_start(self, self->demo_suffix);
		if (!self->open_segment) {
			g_autofree char *ring = sm_demo_name(SM_DEMO_RING, self->demo_suffix);
			sm_window_select_segment(SM_WINDOW(win), ring);
			/* The demo is there to be watched: open on the live plots. */
			gtk_widget_activate_action(GTK_WIDGET(win), "win.show-view", "s", "monitor");
		}
	}
	if (self->open_segment) {
		sm_segment_store_refresh(self->store);
		if (!sm_window_select_segment(SM_WINDOW(win), self->open_segment))
			g_warning("no segment called %s", self->open_segment);
		g_clear_pointer(&self->open_segment, g_free);
	}
}

static void sm_application_shutdown(GApplication *app)
{
	SmApplication *self = SM_APPLICATION(app);
	if (self->demo_started)
		sm_demo_stop(self);
	g_clear_handle_id(&self->sigint_id, g_source_remove);
	g_clear_handle_id(&self->sigterm_id, g_source_remove);
	g_clear_handle_id(&self->sighup_id, g_source_remove);
	g_clear_handle_id(&self->orphan_timer, g_source_remove);
	/* Close (and so remove) the owned segments not marked "keep". */
	g_hash_table_remove_all(self->owned);
	G_APPLICATION_CLASS(sm_application_parent_class)->shutdown(app);
}

static gint sm_application_handle_local_options(GApplication *app, GVariantDict *options)
{
	SmApplication *self = SM_APPLICATION(app);
	if (g_variant_dict_contains(options, "version")) {
		g_print("sharedmem-workbench %s\n", SM_VERSION);
		return 0;
	}
	g_variant_dict_lookup(options, "segment", "s", &self->open_segment);
	self->demo = g_variant_dict_contains(options, "demo");
	g_variant_dict_lookup(options, "demo-suffix", "s", &self->demo_suffix);
	if (self->demo_suffix && sm_name_validate(self->demo_suffix) < 0) {
		g_printerr("sharedmem-workbench: --demo-suffix %s: %s\n", self->demo_suffix,
			   sm_strerror(sm_name_validate(self->demo_suffix)));
		return 2;
	}
	if (self->open_segment && sm_name_validate(self->open_segment) < 0) {
		g_printerr("sharedmem-workbench: --segment %s: %s\n", self->open_segment,
			   sm_strerror(sm_name_validate(self->open_segment)));
		return 2;
	}
	return -1; /* go on: register and activate */
}

static void sm_application_dispose(GObject *object)
{
	SmApplication *self = SM_APPLICATION(object);
	g_clear_handle_id(&self->orphan_timer, g_source_remove);
	if (self->owned)
		g_hash_table_remove_all(self->owned);
	g_clear_object(&self->store);
	g_clear_object(&self->settings);
	g_clear_object(&self->desktop_interface);
	g_clear_object(&self->dark_css);
	G_OBJECT_CLASS(sm_application_parent_class)->dispose(object);
}

static void sm_application_finalize(GObject *object)
{
	SmApplication *self = SM_APPLICATION(object);
	g_hash_table_unref(self->owned);
	g_free(self->open_segment);
	g_free(self->demo_suffix);
	G_OBJECT_CLASS(sm_application_parent_class)->finalize(object);
}

static void sm_application_class_init(SmApplicationClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GApplicationClass *app_class = G_APPLICATION_CLASS(klass);
	object_class->dispose = sm_application_dispose;
	object_class->finalize = sm_application_finalize;
	app_class->startup = sm_application_startup;
	app_class->activate = sm_application_activate;
	app_class->shutdown = sm_application_shutdown;
	app_class->handle_local_options = sm_application_handle_local_options;
}

static const GOptionEntry option_entries[] = {
	{ "segment", 's', 0, G_OPTION_ARG_STRING, NULL, "Open the segment NAME", "NAME" },
	{ "demo", 'd', 0, G_OPTION_ARG_NONE, NULL,
	  "Create a demo ring and RPC channel with traffic flowing (removed on quit)", NULL },
	{ "demo-suffix", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
	  "Name the demo segments demo-ring-SUFFIX and demo-rpc-SUFFIX (tests)", "SUFFIX" },
	{ "version", 'v', 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
	{ NULL },
};

static void sm_application_init(SmApplication *self)
{
	self->owned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, owned_free);
	g_application_add_main_option_entries(G_APPLICATION(self), option_entries);
	g_application_set_option_context_summary(G_APPLICATION(self),
		"Inspect shared-memory segments, watch lock-free rings and test RPC channels.");
}

SmApplication *sm_application_new(void)
{
	return g_object_new(SM_TYPE_APPLICATION,
			    "application-id", SM_APP_ID,
			    "flags", G_APPLICATION_NON_UNIQUE,
			    "resource-base-path", SM_RESOURCE_PATH,
			    NULL);
}
