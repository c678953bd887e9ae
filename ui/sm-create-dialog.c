/* sm-create-dialog.c — see sm-create-dialog.h. */
#include "sm-create-dialog.h"

#include <errno.h>

#include "sm-segment-factory.h"

static const char *const kind_names[] = { "buffer", "array", "ring", "rpc" };

struct _SmCreateDialog {
	GtkWindow parent_instance;
	SmApplication *app; /* weak: the application outlives its dialogs */
	GtkDropDown *kind_dropdown;
	GtkEntry *name_entry, *label_entry;
	GtkEntry *size_entry, *element_size_entry, *count_entry, *node_count_entry, *node_size_entry;
	GtkEntry *packet_size_entry, *max_message_entry;
	GtkWidget *size_label, *element_size_label, *count_label, *node_count_label, *node_size_label;
	GtkWidget *packet_size_label, *max_message_label;
	GtkDropDown *ring_mode_dropdown; /* selected index = SM_RING_SINGLE_* flags */
	GtkWidget *ring_mode_label;
	GtkCheckButton *keep_check;
	GtkLabel *error_label;
	char *create_error; /* the library's answer to the last Create, until the input changes */
};

G_DEFINE_FINAL_TYPE(SmCreateDialog, sm_create_dialog, GTK_TYPE_WINDOW)

gboolean sm_parse_size(const char *text, guint64 *out)
{
	g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
	gsize len = strlen(t);
	guint shift = 0;
	if (len && strchr("kKmMgG", t[len - 1])) {
		char c = g_ascii_tolower(t[len - 1]);
		shift = c == 'k' ? 10 : c == 'm' ? 20 : 30;
		t[--len] = '\0';
	}
	guint64 v;
	if (!len || strspn(t, "0123456789") != len)
		return FALSE;
	/* Too large for 64 bits is still a number: the caller's range check
	 * says how large it may be. */
	if (!g_ascii_string_to_unsigned(t, 10, 0, G_MAXUINT64 >> shift, &v, NULL))
		v = G_MAXUINT64 >> shift;
	*out = v << shift;
	return TRUE;
}

static const char *selected_kind(SmCreateDialog *self)
{
	guint i = gtk_drop_down_get_selected(self->kind_dropdown);
	return i < G_N_ELEMENTS(kind_names) ? kind_names[i] : "buffer";
}

struct param_entry {
	const char *key, *what;
	gsize entry_offset, label_offset;
	const char *kinds; /* space-separated kinds that use it */
};
#define ENTRY(f) G_STRUCT_OFFSET(SmCreateDialog, f##_entry), G_STRUCT_OFFSET(SmCreateDialog, f##_label)
static const struct param_entry param_entries[] = {
	{ "size", "The size", ENTRY(size), "buffer" },
	{ "element-size", "The element size", ENTRY(element_size), "array" },
	{ "count", "The element count", ENTRY(count), "array" },
	{ "node-count", "The node count", ENTRY(node_count), "ring rpc" },
	{ "node-size", "The node size", ENTRY(node_size), "ring" },
	{ "packet-size", "The packet size", ENTRY(packet_size), "rpc" },
	{ "max-message", "The largest message", ENTRY(max_message), "rpc" },
};

static GtkEntry *entry_of(SmCreateDialog *self, const struct param_entry *p)
{
	return G_STRUCT_MEMBER(GtkEntry *, self, p->entry_offset);
}

static gboolean uses(const struct param_entry *p, const char *kind)
{
	g_auto(GStrv) kinds = g_strsplit(p->kinds, " ", -1);
	return g_strv_contains((const char *const *)kinds, kind);
}

/* Collect the parameters; NULL and *error set when one is not a number. */
static GVariant *collect(SmCreateDialog *self, char **error)
{
	const char *kind = selected_kind(self);
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "label", "s", gtk_editable_get_text(GTK_EDITABLE(self->label_entry)));
	g_variant_dict_insert(&d, "keep", "b", gtk_check_button_get_active(self->keep_check));
	for (gsize i = 0; i < G_N_ELEMENTS(param_entries); i++) {
		const struct param_entry *p = &param_entries[i];
		if (!uses(p, kind))
			continue;
		guint64 v;
		if (!sm_parse_size(gtk_editable_get_text(GTK_EDITABLE(entry_of(self, p))), &v)) {
			*error = g_strdup_printf("%s must be a whole number, like 4096 or 64K.", p->what);
			g_variant_dict_clear(&d);
			return NULL;
		}
		g_variant_dict_insert(&d, p->key, "t", v);
	}
	if (g_str_equal(kind, "ring"))
		g_variant_dict_insert(&d, "ring-flags", "t",
				      (guint64)gtk_drop_down_get_selected(self->ring_mode_dropdown));
	return g_variant_ref_sink(g_variant_dict_end(&d));
}

/* Everything wrong with the input now, or NULL. */
static char *validate(SmCreateDialog *self, GVariant **params_out)
{
	const char *name = gtk_editable_get_text(GTK_EDITABLE(self->name_entry));
	enum sm_kind kind = sm_kind_from_name(selected_kind(self));
	char *error = sm_segment_factory_name_text(kind, name);
	if (error)
		return error;
	/* A channel also makes its two rings: their names must be free too. */
	char *taken = sm_segment_factory_taken_text(kind, name);
	if (taken)
		return taken;
	const char *label = gtk_editable_get_text(GTK_EDITABLE(self->label_entry));
	if (strlen(label) > SM_LABEL_MAX)
		return g_strdup_printf("The label takes %zu bytes; at most %u fit (a character other than "
				       "ASCII takes 2 to 4).", strlen(label), SM_LABEL_MAX);
	g_autoptr(GVariant) params = collect(self, &error);
	if (!params)
		return error;
	if (sm_segment_factory_check(kind, NULL, params, &error) < 0)
		return error;
	if (params_out)
		*params_out = g_steal_pointer(&params);
	return NULL;
}

static void update(SmCreateDialog *self)
{
	static const char *const titles[] = { "New Buffer", "New Array", "New Ring", "New RPC Channel" };
	const char *kind = selected_kind(self);
	gtk_window_set_title(GTK_WINDOW(self), titles[MIN(gtk_drop_down_get_selected(self->kind_dropdown), 3u)]);
	for (gsize i = 0; i < G_N_ELEMENTS(param_entries); i++) {
		const struct param_entry *p = &param_entries[i];
		gtk_widget_set_visible(GTK_WIDGET(entry_of(self, p)), uses(p, kind));
		gtk_widget_set_visible(G_STRUCT_MEMBER(GtkWidget *, self, p->label_offset), uses(p, kind));
	}
	gtk_widget_set_visible(GTK_WIDGET(self->ring_mode_dropdown), g_str_equal(kind, "ring"));
	gtk_widget_set_visible(self->ring_mode_label, g_str_equal(kind, "ring"));
	g_autofree char *error = validate(self, NULL);
	const char *shown = self->create_error ? self->create_error : error;
	gtk_label_set_text(self->error_label, shown ? shown : "");
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "create.create", error == NULL);
}

static void on_changed(SmCreateDialog *self)
{
	g_clear_pointer(&self->create_error, g_free);
	update(self);
}

void sm_create_dialog_set_text(SmCreateDialog *self, const char *field, const char *text)
{
	GtkEntry *entry = NULL;
	if (g_str_equal(field, "name"))
		entry = self->name_entry;
	else if (g_str_equal(field, "label"))
		entry = self->label_entry;
	for (gsize i = 0; !entry && i < G_N_ELEMENTS(param_entries); i++)
		if (g_str_equal(field, param_entries[i].key))
			entry = entry_of(self, &param_entries[i]);
	g_return_if_fail(entry != NULL);
	gtk_editable_set_text(GTK_EDITABLE(entry), text);
}

void sm_create_dialog_set_ring_mode(SmCreateDialog *self, unsigned ring_flags)
{
	gtk_drop_down_set_selected(self->ring_mode_dropdown, ring_flags);
}

const char *sm_create_dialog_get_error(SmCreateDialog *self)
{
	return gtk_label_get_text(self->error_label);
}

static void create_action(GtkWidget *widget, const char *action, GVariant *param)
{
	SmCreateDialog *self = SM_CREATE_DIALOG(widget);
	g_autoptr(GVariant) params = NULL;
	g_autofree char *error = validate(self, &params);
	if (!error) {
		const char *name = gtk_editable_get_text(GTK_EDITABLE(self->name_entry));
		if (sm_application_create_segment(self->app, name, selected_kind(self), params, &error) == 0) {
			gtk_window_destroy(GTK_WINDOW(self));
			return;
		}
	}
	g_free(self->create_error);
	self->create_error = g_steal_pointer(&error);
	update(self);
}

/* A segment appeared or vanished: "exists already" may have changed. */
static void on_store_changed(SmCreateDialog *self)
{
	update(self);
}

static void cancel_action(GtkWidget *widget, const char *action, GVariant *param)
{
	gtk_window_destroy(GTK_WINDOW(widget));
}

static void sm_create_dialog_finalize(GObject *object)
{
	g_free(SM_CREATE_DIALOG(object)->create_error);
	G_OBJECT_CLASS(sm_create_dialog_parent_class)->finalize(object);
}

static void sm_create_dialog_class_init(SmCreateDialogClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->finalize = sm_create_dialog_finalize;

	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-create-dialog.ui");
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, kind_dropdown);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, name_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, label_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, size_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, element_size_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, count_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, node_count_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, node_size_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, size_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, element_size_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, count_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, node_count_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, node_size_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, ring_mode_dropdown);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, ring_mode_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, packet_size_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, max_message_entry);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, packet_size_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, max_message_label);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, keep_check);
	gtk_widget_class_bind_template_child(widget_class, SmCreateDialog, error_label);
	gtk_widget_class_bind_template_callback(widget_class, on_changed);

	gtk_widget_class_install_action(widget_class, "create.create", NULL, create_action);
	gtk_widget_class_install_action(widget_class, "create.cancel", NULL, cancel_action);
	gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "create.cancel", NULL);
}

static void sm_create_dialog_init(SmCreateDialog *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
}

SmCreateDialog *sm_create_dialog_new(SmApplication *app, const char *kind)
{
	SmCreateDialog *self = g_object_new(SM_TYPE_CREATE_DIALOG, NULL);
	self->app = app;
	if (app)
		g_signal_connect_object(sm_application_get_store(app), "items-changed", G_CALLBACK(on_store_changed),
					self, G_CONNECT_SWAPPED);
	for (guint i = 0; i < G_N_ELEMENTS(kind_names); i++)
		if (g_strcmp0(kind, kind_names[i]) == 0)
			gtk_drop_down_set_selected(self->kind_dropdown, i);
	update(self);
	gtk_widget_grab_focus(GTK_WIDGET(self->name_entry));
	return self;
}
