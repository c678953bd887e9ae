/* sm-window.c — the main window.
 *
 * THE VIEW CONTRACT (for every page of the right-hand GtkStack)
 *
 *   - A view is a GtkWidget type listed in sm-view-pages.c (through
 *     sm-ringui-views.h / sm-rpcui-views.h for the ring and RPC views).
 *     The window creates one instance per page with g_object_new() and no
 *     properties, and adds it to the stack under the page's name:
 *     "header" (this issue), "monitor", "picture", "traffic" (ringui),
 *     "rpc" (rpcui).
 *   - Every view has a string property "segment-name".  The window sets it
 *     whenever the browser's selection changes: the selected segment's
 *     name, or NULL when nothing is selected (also when the selected
 *     segment disappears from /dev/shm).
 *   - A view opens and maps the segment itself, READ-ONLY
 *     (SM_OPEN_READONLY), and closes it when segment-name changes or the
 *     view is disposed.  A view never removes or writes to a segment it did
 *     not create; a view must cope with any segment (wrong kind, broken,
 *     vanished) by showing why, never by crashing.
 *   - Pages only apply to some kinds (SmViewPage.kinds): the window hides
 *     a page while the selected segment is of another kind.
 *   - Views find the application with gtk_widget_get_root() →
 *     gtk_window_get_application(), its settings with
 *     sm_application_get_settings() ("sample-rate"), and the segments it
 *     owns with sm_application_get_owned().
 *   - Views that poll do so only while mapped (map/unmap), so hidden pages
 *     cost nothing.
 *
 * Window actions (installed in class_init; tests use them):
 *   win.new-segment     s   open the creation dialog for a kind
 *   win.remove-selected     ask, then remove the selected segment
 *   win.remove-segment  s   ask, then remove segment s
 *   win.select-segment  s   select a segment in the browser
 *   win.show-view       s   show a view page
 *   win.search              focus the search entry
 *   win.refresh             re-read the segment list now
 *   win.show-help-overlay   (GtkApplicationWindow) keyboard shortcuts
 */
#include "sm-window.h"

#include <errno.h>

#include "sharedmem.h"
#include "sm-create-dialog.h"
#include "sm-view-pages.h"

struct _SmWindow {
	GtkApplicationWindow parent_instance;
	SmSegmentBrowser *browser;
	GtkStack *stack;
	GtkPaned *paned;
	GtkWidget *remove_button;
	GtkWindow *confirm; /* open remove confirmation, weak */
	char *segment_name;
	/* What the views show (zeroed, kind SM_KIND_NONE, when nothing is
	 * selected), to notice a segment re-created under the same name. */
	struct sm_segment_info shown_info;
	SmSegmentItem *item;               /* the selected item, watched while selected */
};

G_DEFINE_FINAL_TYPE(SmWindow, sm_window, GTK_TYPE_APPLICATION_WINDOW)

static SmApplication *window_app(SmWindow *self)
{
	return SM_APPLICATION(gtk_window_get_application(GTK_WINDOW(self)));
}

/* Show each page only for the kinds it applies to; none that writes
 * into a ring for an RPC channel's, whose packets it would corrupt. */
static void update_pages(SmWindow *self, const char *name, guint32 kind)
{
	gboolean channel_ring = kind == SM_KIND_RING && sm_rpc_is_channel_ring(name);
	for (guint i = 0; i < sm_n_view_pages; i++) {
		const SmViewPage *p = &sm_view_pages[i];
		GtkWidget *child = gtk_stack_get_child_by_name(self->stack, p->name);
		if (!child)
			continue;
		gboolean visible = (p->kinds == 0 || (p->kinds & SM_PAGE_KIND(kind)) != 0) &&
				   !(p->writes && channel_ring);
		gtk_stack_page_set_visible(gtk_stack_get_page(self->stack, child), visible);
	}
}

static void on_selection_changed(SmSegmentBrowser *browser, GParamSpec *pspec, SmWindow *self);

static void on_item_notify(SmSegmentItem *item, GParamSpec *pspec, SmWindow *self)
{
	on_selection_changed(self->browser, NULL, self);
}

/* Follow the selected item: the store updates an item in place when its
 * segment is replaced under the same name between two refreshes. */
static void watch_item(SmWindow *self, SmSegmentItem *item)
{
	if (item == self->item)
		return;
	if (self->item)
		g_signal_handlers_disconnect_by_func(self->item, on_item_notify, self);
	g_set_object(&self->item, item);
	if (item)
		g_signal_connect(item, "notify", G_CALLBACK(on_item_notify), self);
}

static void on_selection_changed(SmSegmentBrowser *browser, GParamSpec *pspec, SmWindow *self)
{
	const char *name = sm_segment_browser_get_selected_name(browser);
	SmSegmentItem *item = sm_segment_browser_get_selected_item(browser);
	const struct sm_segment_info *info = item ? sm_segment_item_get_info(item) : NULL;
	guint32 kind = info ? info->kind : SM_KIND_NONE;
	watch_item(self, item);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.remove-selected", name != NULL);
	/* The same name with another identity is a new segment: setting the
	 * same segment-name again makes the views reopen it (the contract). */
	if (g_strcmp0(name, self->segment_name) == 0 && kind == self->shown_info.kind &&
	    (!info || sm_segment_info_same(info, &self->shown_info)))
		return;
	g_free(self->segment_name);
	self->segment_name = g_strdup(name);
	self->shown_info = info ? *info : (struct sm_segment_info){ 0 };
	update_pages(self, name, kind);
	for (guint i = 0; i < sm_n_view_pages; i++) {
		GtkWidget *view = gtk_stack_get_child_by_name(self->stack, sm_view_pages[i].name);
		if (view)
			g_object_set(view, "segment-name", name, NULL);
	}
	g_autofree char *shown = sm_format_name(name);
	g_autofree char *title = name ? g_strdup_printf("%s — Sharedmem Workbench", shown)
				      : g_strdup("Sharedmem Workbench");
	gtk_window_set_title(GTK_WINDOW(self), title);
}

gboolean sm_window_select_segment(SmWindow *self, const char *name)
{
	return sm_segment_browser_select(self->browser, name);
}

const char *sm_window_get_segment_name(SmWindow *self)
{
	return self->segment_name;
}

gboolean sm_window_show_view(SmWindow *self, const char *name)
{
	GtkWidget *child = gtk_stack_get_child_by_name(self->stack, name);
	if (!child)
		return FALSE;
	gtk_stack_set_visible_child(self->stack, child);
	return TRUE;
}

GtkWidget *sm_window_get_view(SmWindow *self, const char *name)
{
	return gtk_stack_get_child_by_name(self->stack, name);
}

SmSegmentBrowser *sm_window_get_browser(SmWindow *self)
{
	return self->browser;
}

GtkStack *sm_window_get_stack(SmWindow *self)
{
	return self->stack;
}

GtkWindow *sm_window_get_confirm_dialog(SmWindow *self)
{
	return self->confirm;
}

/* ---- removal with confirmation --------------------------------------------- */

/* The confirmation turns into "Nothing was removed" and why: `why`
 * follows the quoted name. */
static void nothing_removed(GtkDialog *dialog, const char *name, const char *why)
{
	g_autofree char *quoted = sm_quote_name(name);
	g_object_set(dialog, "text", "Nothing was removed", NULL);
	gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s %s", quoted, why);
	gtk_widget_set_visible(gtk_dialog_get_widget_for_response(dialog, GTK_RESPONSE_ACCEPT), FALSE);
	gtk_button_set_label(GTK_BUTTON(gtk_dialog_get_widget_for_response(dialog, GTK_RESPONSE_CANCEL)), "_Close");
}

/* Remove only the segment the user was asked about: one removed meanwhile
 * and perhaps re-created under the same name is another segment.  When
 * the library refuses, the dialog stays and says why. */
static void on_confirm_response(GtkDialog *dialog, int response, gpointer data)
{
	SmWindow *self = data;
	const char *name = g_object_get_data(G_OBJECT(dialog), "segment-name");
	const struct sm_segment_info *asked = g_object_get_data(G_OBJECT(dialog), "segment-info");
	if (response == GTK_RESPONSE_ACCEPT) {
		struct sm_segment_info now;
		int r = sm_segment_stat(name, &now);
		gboolean gone = r == -ENOENT; /* a name it never makes is another story */
		if (gone || (r == 0 && !sm_segment_info_same(&now, asked))) {
			nothing_removed(dialog, name, gone ? "was removed since you asked."
							   : "was replaced by another segment since you asked.");
			return;
		}
		g_autofree char *error = NULL;
		if (sm_application_remove_segment(window_app(self), name, &error) < 0) {
			g_autofree char *why = g_strdup_printf("cannot be removed: %s.", error);
			nothing_removed(dialog, name, why);
			return;
		}
	}
	gtk_window_destroy(GTK_WINDOW(dialog));
}

static void confirm_remove(SmWindow *self, const char *name)
{
	SmApplication *app = window_app(self);
	SmSegmentItem *item = sm_segment_store_find(sm_application_get_store(app), name, NULL);
	if (!item)
		return;
	const struct sm_segment_info *info = sm_segment_item_get_info(item);
	const char *detail;
	if (sm_application_owns(app, name))
		detail = "This workbench created it. Processes that have it open keep their mapping.";
	else if (info->status != 0)
		detail = "It is not a readable sharedmem segment; its file will be deleted.";
	else if (info->stale)
		detail = "Its owner is dead and nobody has it open.";
	else if (info->owner_alive)
		detail = "Its owner is still running and may recreate or miss it. Processes that have it "
			 "open keep their mapping.";
	else
		detail = "Its owner is dead, but processes still have it open; they keep their mapping.";

	if (self->confirm)
		gtk_window_destroy(self->confirm);
	g_autofree char *quoted = sm_quote_name(name);
	GtkWidget *dialog = gtk_message_dialog_new(GTK_WINDOW(self),
						   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
						   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
						   "Remove segment %s?", quoted);
	gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s", detail);
	gtk_dialog_add_button(GTK_DIALOG(dialog), "_Cancel", GTK_RESPONSE_CANCEL);
	GtkWidget *remove = gtk_dialog_add_button(GTK_DIALOG(dialog), "_Remove", GTK_RESPONSE_ACCEPT);
	gtk_widget_add_css_class(remove, "destructive-action");
	gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
	g_object_set_data_full(G_OBJECT(dialog), "segment-name", g_strdup(name), g_free);
	g_object_set_data_full(G_OBJECT(dialog), "segment-info", g_memdup2(info, sizeof *info), g_free);
	g_signal_connect(dialog, "response", G_CALLBACK(on_confirm_response), self);
	self->confirm = GTK_WINDOW(dialog);
	g_object_add_weak_pointer(G_OBJECT(dialog), (gpointer *)&self->confirm);
	gtk_window_present(GTK_WINDOW(dialog));
}

/* ---- actions ---------------------------------------------------------------- */

static void new_segment_action(GtkWidget *widget, const char *action, GVariant *param)
{
	SmWindow *self = SM_WINDOW(widget);
	SmCreateDialog *dialog = sm_create_dialog_new(window_app(self), g_variant_get_string(param, NULL));
	gtk_window_set_application(GTK_WINDOW(dialog), GTK_APPLICATION(window_app(self)));
	gtk_window_set_transient_for(GTK_WINDOW(dialog), GTK_WINDOW(self));
	gtk_window_present(GTK_WINDOW(dialog));
}

static void remove_selected_action(GtkWidget *widget, const char *action, GVariant *param)
{
	SmWindow *self = SM_WINDOW(widget);
	if (self->segment_name)
		confirm_remove(self, self->segment_name);
}

static void remove_segment_action(GtkWidget *widget, const char *action, GVariant *param)
{
	confirm_remove(SM_WINDOW(widget), g_variant_get_string(param, NULL));
}

static void select_segment_action(GtkWidget *widget, const char *action, GVariant *param)
{
	sm_window_select_segment(SM_WINDOW(widget), g_variant_get_string(param, NULL));
}

static void show_view_action(GtkWidget *widget, const char *action, GVariant *param)
{
	sm_window_show_view(SM_WINDOW(widget), g_variant_get_string(param, NULL));
}

static void search_action(GtkWidget *widget, const char *action, GVariant *param)
{
	sm_segment_browser_focus_search(SM_WINDOW(widget)->browser);
}

static void refresh_action(GtkWidget *widget, const char *action, GVariant *param)
{
	sm_segment_store_refresh(sm_application_get_store(window_app(SM_WINDOW(widget))));
}

/* ---- lifecycle --------------------------------------------------------------- */

static void add_pages(SmWindow *self)
{
	for (guint i = 0; i < sm_n_view_pages; i++) {
		const SmViewPage *p = &sm_view_pages[i];
		if (!p->get_type)
			continue; /* that view has not landed yet */
		GtkWidget *view = g_object_new(p->get_type(), NULL);
		gtk_stack_add_titled(self->stack, view, p->name, p->title);
	}
}

/* After "application" is set (non-construct properties are set after
 * constructed(), so this runs from sm_window_new()). */
static void setup(SmWindow *self)
{
	SmApplication *app = window_app(self);
	GSettings *settings = sm_application_get_settings(app);
	gtk_window_set_default_size(GTK_WINDOW(self), g_settings_get_int(settings, "window-width"),
				    g_settings_get_int(settings, "window-height"));
	sm_segment_browser_set_store(self->browser, sm_application_get_store(app));
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "win.remove-selected", FALSE);
}

void sm_window_save_size(SmWindow *self)
{
	g_return_if_fail(SM_IS_WINDOW(self));
	GtkWindow *window = GTK_WINDOW(self);
	GtkApplication *app = gtk_window_get_application(window);
	if (app) {
		int w, h;
		gtk_window_get_default_size(window, &w, &h);
		GSettings *settings = sm_application_get_settings(SM_APPLICATION(app));
		if (w > 0 && h > 0 && !gtk_window_is_maximized(window)) {
			g_settings_set_int(settings, "window-width", w);
			g_settings_set_int(settings, "window-height", h);
		}
	}
}

static gboolean sm_window_close_request(GtkWindow *window)
{
	SmWindow *self = SM_WINDOW(window);
	sm_window_save_size(self);
	if (self->confirm)
		gtk_window_destroy(self->confirm);
	return GTK_WINDOW_CLASS(sm_window_parent_class)->close_request(window);
}

static void sm_window_dispose(GObject *object)
{
	SmWindow *self = SM_WINDOW(object);
	if (self->confirm)
		g_object_remove_weak_pointer(G_OBJECT(self->confirm), (gpointer *)&self->confirm);
	self->confirm = NULL;
	watch_item(self, NULL);
	G_OBJECT_CLASS(sm_window_parent_class)->dispose(object);
}

static void sm_window_finalize(GObject *object)
{
	g_free(SM_WINDOW(object)->segment_name);
	G_OBJECT_CLASS(sm_window_parent_class)->finalize(object);
}

static void sm_window_class_init(SmWindowClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->dispose = sm_window_dispose;
	object_class->finalize = sm_window_finalize;
	GTK_WINDOW_CLASS(klass)->close_request = sm_window_close_request;

	g_type_ensure(SM_TYPE_SEGMENT_BROWSER);
	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-window.ui");
	gtk_widget_class_bind_template_child(widget_class, SmWindow, browser);
	gtk_widget_class_bind_template_child(widget_class, SmWindow, stack);
	gtk_widget_class_bind_template_child(widget_class, SmWindow, paned);
	gtk_widget_class_bind_template_child(widget_class, SmWindow, remove_button);
	gtk_widget_class_bind_template_callback(widget_class, on_selection_changed);

	gtk_widget_class_install_action(widget_class, "win.new-segment", "s", new_segment_action);
	gtk_widget_class_install_action(widget_class, "win.remove-selected", NULL, remove_selected_action);
	gtk_widget_class_install_action(widget_class, "win.remove-segment", "s", remove_segment_action);
	gtk_widget_class_install_action(widget_class, "win.select-segment", "s", select_segment_action);
	gtk_widget_class_install_action(widget_class, "win.show-view", "s", show_view_action);
	gtk_widget_class_install_action(widget_class, "win.search", NULL, search_action);
	gtk_widget_class_install_action(widget_class, "win.refresh", NULL, refresh_action);
}

static void sm_window_init(SmWindow *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	add_pages(self);
}

SmWindow *sm_window_new(SmApplication *app)
{
	SmWindow *self = g_object_new(SM_TYPE_WINDOW, "application", app, NULL);
	setup(self);
	return self;
}
