/* sm-segment-browser.c — see sm-segment-browser.h. */
#include "sm-segment-browser.h"
#include "sm-template.h"

#include "sm-application.h"
#include "sm-segment-item.h"

struct _SmSegmentBrowser {
	GtkWidget parent_instance;
	GtkFilterListModel *filtered;
	GtkSortListModel *sorted;
	GtkSingleSelection *selection;
	GtkAnyFilter *search_filter;
	GtkStringFilter *filter_name, *filter_kind, *filter_label, *filter_status_text;
	GtkSearchEntry *search_entry;
	GtkColumnView *column_view;
	GtkColumnViewColumn *col_name;
	int name_width;           /* the Name column's width as set here last */
	gboolean name_width_users; /* the user dragged it: it stays theirs */
	GtkLabel *summary_label;
	SmSegmentStore *store;
	SmSegmentItem *selected; /* weak: owned by the store */
	char *selected_name;
	char *gone_name; /* the last selected segment's, once it left the list */
};

G_DEFINE_FINAL_TYPE(SmSegmentBrowser, sm_segment_browser, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SELECTED_ITEM, PROP_SELECTED_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update_summary(SmSegmentBrowser *self)
{
	if (!self->store)
		return;
	/* Made again under that name (another shell): not removed any more. */
	if (self->gone_name && sm_segment_store_find(self->store, self->gone_name, NULL))
		g_clear_pointer(&self->gone_name, g_free);
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->store)), stale = 0, broken = 0, private = 0;
	for (guint i = 0; i < n; i++) {
		g_autoptr(SmSegmentItem) item = g_list_model_get_item(G_LIST_MODEL(self->store), i);
		stale += sm_segment_item_get_stale(item);
		broken += sm_segment_item_get_broken(item);
		private += sm_segment_item_get_private(item);
	}
	guint shown = g_list_model_get_n_items(G_LIST_MODEL(self->sorted));
	GString *s = g_string_new(NULL);
	int error = sm_segment_store_get_error(self->store);
	/* The rows are what the last good read found: say they may be old. */
	if (error)
		g_string_append_printf(s, "Cannot read " SM_SHM_DIR ": %s; as last read: ", sm_strerror(error));
	if (n == 0)
		g_string_append(s, "No segments in " SM_SHM_DIR);
	else
		g_string_append_printf(s, "%u segment%s", n, n == 1 ? "" : "s");
	if (shown != n)
		g_string_append_printf(s, ", %u shown", shown);
	if (stale)
		g_string_append_printf(s, ", %u stale", stale);
	if (broken)
		g_string_append_printf(s, ", %u broken", broken);
	if (private)
		g_string_append_printf(s, ", %u private", private);
	if (self->gone_name) { /* else the views just say "No segment selected" */
		g_autofree char *gone = sm_quote_name(self->gone_name);
		g_string_append_printf(s, " — %s was removed", gone);
	}
	gtk_label_set_text(self->summary_label, s->str);
	if (error)
		gtk_widget_add_css_class(GTK_WIDGET(self->summary_label), "error");
	else
		gtk_widget_remove_css_class(GTK_WIDGET(self->summary_label), "error");
	g_string_free(s, TRUE);
}

static void on_selected_item_changed(SmSegmentBrowser *self)
{
	SmSegmentItem *item = gtk_single_selection_get_selected_item(self->selection);
	/* The selection model briefly drops the item when the store re-sorts;
	 * only a different item (or none) counts as a change. */
	if (item == self->selected)
		return;
	self->selected = item;
	/* The selection went because its segment left the list (removed here
	 * or elsewhere): say so until something else is selected. */
	g_clear_pointer(&self->gone_name, g_free);
	if (!item && self->selected_name && self->store &&
	    !sm_segment_store_find(self->store, self->selected_name, NULL))
		self->gone_name = g_strdup(self->selected_name);
	update_summary(self);
	const char *name = item ? sm_segment_item_get_name(item) : NULL;
	gboolean name_changed = g_strcmp0(name, self->selected_name) != 0;
	g_free(self->selected_name);
	self->selected_name = g_strdup(name);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SELECTED_ITEM]);
	if (name_changed)
		g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SELECTED_NAME]);
}

/* The Name column's greatest width when fitted to its names (the least
 * is the .ui's): it keeps Kind and Status in sight beside it; longer
 * names are cut (their tooltip holds them).  CELL_PAD: a cell's padding
 * around its text, and room for the sort arrow. */
#define NAME_MAX_WIDTH 300
#define NAME_CELL_PAD  24

/* Widen the Name column to the longest of the `n` names from `pos` on, so
 * that a channel and its rings ("x", "x.c2s", "x.s2c") do not all read
 * "x…"; it only grows (a name gone leaves it), and only until the user
 * drags its edge: then the width is theirs.  Only the names added are
 * measured: the store adds a refresh's new segments one at a time. */
static void fit_name_column(SmSegmentBrowser *self, guint pos, guint n)
{
	if (gtk_column_view_column_get_fixed_width(self->col_name) != self->name_width)
		self->name_width_users = TRUE;
	if (self->name_width_users || !self->store || n == 0)
		return;
	PangoLayout *layout = gtk_widget_create_pango_layout(GTK_WIDGET(self->column_view), NULL);
	int widest = self->name_width;
	for (guint i = pos; i < pos + n && widest < NAME_MAX_WIDTH; i++) {
		g_autoptr(SmSegmentItem) item = g_list_model_get_item(G_LIST_MODEL(self->store), i);
		g_autofree char *shown = NULL; /* as the cell shows it: bytes not UTF-8 escaped */
		g_object_get(item, "name", &shown, NULL);
		int w;
		pango_layout_set_text(layout, shown, -1);
		pango_layout_get_pixel_size(layout, &w, NULL);
		widest = MAX(widest, w + NAME_CELL_PAD);
	}
	g_object_unref(layout);
	if (MIN(widest, NAME_MAX_WIDTH) == self->name_width)
		return;
	self->name_width = MIN(widest, NAME_MAX_WIDTH);
	gtk_column_view_column_set_fixed_width(self->col_name, self->name_width);
}

static void on_items_changed(GListModel *model, guint pos, guint removed, guint added, SmSegmentBrowser *self)
{
	fit_name_column(self, pos, added);
	update_summary(self);
}

static void on_search_changed(SmSegmentBrowser *self)
{
	const char *text = gtk_editable_get_text(GTK_EDITABLE(self->search_entry));
	const char *search = text && *text ? text : NULL;
	gtk_string_filter_set_search(self->filter_name, search);
	gtk_string_filter_set_search(self->filter_kind, search);
	gtk_string_filter_set_search(self->filter_label, search);
	gtk_string_filter_set_search(self->filter_status_text, search);
}

void sm_segment_browser_set_store(SmSegmentBrowser *self, SmSegmentStore *store)
{
	if (self->store)
		g_signal_handlers_disconnect_by_data(self->store, self);
	g_set_object(&self->store, store);
	gtk_filter_list_model_set_model(self->filtered, G_LIST_MODEL(store));
	if (store) {
		g_signal_connect(store, "items-changed", G_CALLBACK(on_items_changed), self);
		g_signal_connect_swapped(store, "notify::error", G_CALLBACK(update_summary), self);
	}
	if (store)
		fit_name_column(self, 0, g_list_model_get_n_items(G_LIST_MODEL(store)));
	update_summary(self);
}

SmSegmentItem *sm_segment_browser_get_selected_item(SmSegmentBrowser *self)
{
	return self->selected;
}

const char *sm_segment_browser_get_selected_name(SmSegmentBrowser *self)
{
	return self->selected_name;
}

GListModel *sm_segment_browser_get_model(SmSegmentBrowser *self)
{
	return G_LIST_MODEL(self->selection);
}

static gboolean find_shown(SmSegmentBrowser *self, const char *name, guint *pos)
{
	GListModel *m = G_LIST_MODEL(self->sorted);
	guint n = g_list_model_get_n_items(m);
	for (guint i = 0; i < n; i++) {
		g_autoptr(SmSegmentItem) item = g_list_model_get_item(m, i);
		if (g_strcmp0(sm_segment_item_get_name(item), name) == 0) {
			*pos = i;
			return TRUE;
		}
	}
	return FALSE;
}

/* GTK 4.8 has no gtk_column_view_scroll_to(): its inner list view has the
 * "list.scroll-to-item" action. */
static void scroll_to(SmSegmentBrowser *self, guint pos)
{
	for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(self->column_view)); c;
	     c = gtk_widget_get_next_sibling(c))
		if (GTK_IS_LIST_VIEW(c))
			gtk_widget_activate_action(c, "list.scroll-to-item", "u", pos);
}

gboolean sm_segment_browser_select(SmSegmentBrowser *self, const char *name)
{
	guint pos;
	if (!name) {
		gtk_single_selection_set_selected(self->selection, GTK_INVALID_LIST_POSITION);
		return TRUE;
	}
	if (!self->store || !sm_segment_store_find(self->store, name, NULL))
		return FALSE;
	if (!find_shown(self, name, &pos)) {
		gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
		on_search_changed(self); /* now, not after the entry's delay */
		if (!find_shown(self, name, &pos))
			return FALSE;
	}
	gtk_single_selection_set_selected(self->selection, pos);
	scroll_to(self, pos);
	return TRUE;
}

gboolean sm_segment_browser_sort_by(SmSegmentBrowser *self, const char *title, GtkSortType order)
{
	GListModel *columns = gtk_column_view_get_columns(self->column_view);
	for (guint i = 0; i < g_list_model_get_n_items(columns); i++) {
		g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item(columns, i);
		if (g_strcmp0(gtk_column_view_column_get_title(col), title) == 0) {
			gtk_column_view_sort_by_column(self->column_view, col, order);
			return TRUE;
		}
	}
	return FALSE;
}

void sm_segment_browser_set_search(SmSegmentBrowser *self, const char *text)
{
	gtk_editable_set_text(GTK_EDITABLE(self->search_entry), text ? text : "");
	on_search_changed(self);
}

void sm_segment_browser_focus_search(SmSegmentBrowser *self)
{
	gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

static void sm_segment_browser_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmSegmentBrowser *self = SM_SEGMENT_BROWSER(object);
	switch (prop_id) {
	case PROP_SELECTED_ITEM: g_value_set_object(value, self->selected); break;
	case PROP_SELECTED_NAME: g_value_set_string(value, self->selected_name); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_segment_browser_dispose(GObject *object)
{
	SmSegmentBrowser *self = SM_SEGMENT_BROWSER(object);
	if (self->store)
		g_signal_handlers_disconnect_by_data(self->store, self);
	if (self->selection)
		g_signal_handlers_disconnect_by_data(self->selection, self);
	g_clear_object(&self->store);
	self->selected = NULL;
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))))
		gtk_widget_unparent(child);
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_SEGMENT_BROWSER);
	G_OBJECT_CLASS(sm_segment_browser_parent_class)->dispose(object);
}

static void sm_segment_browser_finalize(GObject *object)
{
	g_free(SM_SEGMENT_BROWSER(object)->selected_name);
	g_free(SM_SEGMENT_BROWSER(object)->gone_name);
	G_OBJECT_CLASS(sm_segment_browser_parent_class)->finalize(object);
}

static void sm_segment_browser_class_init(SmSegmentBrowserClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->get_property = sm_segment_browser_get_property;
	object_class->dispose = sm_segment_browser_dispose;
	object_class->finalize = sm_segment_browser_finalize;

	properties[PROP_SELECTED_ITEM] = g_param_spec_object("selected-item", NULL, NULL, SM_TYPE_SEGMENT_ITEM,
							     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
								     G_PARAM_STATIC_STRINGS);
	properties[PROP_SELECTED_NAME] = g_param_spec_string("selected-name", NULL, NULL, NULL,
							     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
								     G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(object_class, N_PROPS, properties);

	g_type_ensure(SM_TYPE_SEGMENT_ITEM);
	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-segment-browser.ui");
	gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, filtered);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, sorted);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, selection);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, search_filter);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, filter_name);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, filter_kind);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, filter_label);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, filter_status_text);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, search_entry);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, column_view);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, col_name);
	gtk_widget_class_bind_template_child(widget_class, SmSegmentBrowser, summary_label);
	gtk_widget_class_bind_template_callback(widget_class, on_selected_item_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_search_changed);
	gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void sm_segment_browser_init(SmSegmentBrowser *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	/* Sorted by name until the user clicks a column header. */
	gtk_column_view_sort_by_column(self->column_view, self->col_name, GTK_SORT_ASCENDING);
	self->name_width = gtk_column_view_column_get_fixed_width(self->col_name);
	g_signal_connect_swapped(self->sorted, "items-changed", G_CALLBACK(update_summary), self);
	/* Delete removes the selected segment (after asking), but only while
	 * the list has the focus: never while typing in the search entry. */
	GtkEventController *shortcuts = gtk_shortcut_controller_new();
	gtk_shortcut_controller_add_shortcut(GTK_SHORTCUT_CONTROLLER(shortcuts),
		gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_Delete, 0),
				 gtk_named_action_new("win.remove-selected")));
	gtk_widget_add_controller(GTK_WIDGET(self->column_view), shortcuts);
}
