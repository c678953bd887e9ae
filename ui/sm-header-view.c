/* sm-header-view.c — see sm-header-view.h. */
#include "sm-header-view.h"
#include "sm-template.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sharedmem.h"
#include "sm-application.h"
#include "sm-field-item.h"
#include "sm-hex-view.h"
#include "sm-segment-item.h"

#define MAX_FIELDS 64

struct _SmHeaderView {
	GtkWidget parent_instance;
	GListStore *fields;
	GtkSingleSelection *selection;
	GtkLabel *title_label, *subtitle_label, *error_label, *hover_label;
	GtkColumnView *column_view;
	GtkCheckButton *keep_check;
	SmHexView *hex_view;
	gboolean updating_keep;
	char *segment_name;
	guint timer_id;
	GBytes *raw; /* the header bytes shown */
	gboolean hovering;
	int hover_offset; /* the byte under the pointer, while hovering */
};

G_DEFINE_FINAL_TYPE(SmHeaderView, sm_header_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SEGMENT_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update_keep(SmHeaderView *self);

/* The first bytes of a file that sm_segment_stat() could not decode, so
 * the hex view shows what is really there.  Read-only, no mapping. */
static GBytes *read_raw(const char *name)
{
	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	guint8 buf[SM_HEADER_SIZE];
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = pread(fd, buf, sizeof buf, 0);
	close(fd);
	return n >= 0 ? g_bytes_new(buf, (gsize)n) : NULL;
}

static void set_error(SmHeaderView *self, const char *text)
{
	gtk_label_set_text(self->error_label, text ? text : "");
	gtk_widget_set_visible(GTK_WIDGET(self->error_label), text != NULL);
}

/* Replace the field list when any field's text changed; keep the selection. */
static void show_fields(SmHeaderView *self, const struct sm_field *f, int n)
{
	guint old_n = g_list_model_get_n_items(G_LIST_MODEL(self->fields));
	gboolean same = old_n == (guint)n;
	for (guint i = 0; same && i < old_n; i++) {
		g_autoptr(SmFieldItem) item = g_list_model_get_item(G_LIST_MODEL(self->fields), i);
		const struct sm_field *o = sm_field_item_get_field(item);
		same = o->offset == f[i].offset && g_strcmp0(o->name, f[i].name) == 0 &&
		       g_strcmp0(o->value, f[i].value) == 0;
	}
	if (same)
		return;
	guint selected = gtk_single_selection_get_selected(self->selection);
	GPtrArray *items = g_ptr_array_new_with_free_func(g_object_unref);
	for (int i = 0; i < n; i++)
		g_ptr_array_add(items, sm_field_item_new(&f[i]));
	g_list_store_splice(self->fields, 0, old_n, items->pdata, items->len);
	g_ptr_array_unref(items);
	if (selected != GTK_INVALID_LIST_POSITION && selected < (guint)n && old_n == (guint)n)
		gtk_single_selection_set_selected(self->selection, selected);
}

static SmApplication *view_app(SmHeaderView *self);

/* sm_segment_stat() of a name the library never makes (a foreign file
 * that sm_segment_list() lists all the same): what the list read of it. */
static int stat_listed(SmHeaderView *self, const char *name, struct sm_segment_info *info)
{
	int r = sm_segment_stat(name, info);
	SmApplication *app = view_app(self);
	SmSegmentItem *item = (r == -EINVAL || r == -ENAMETOOLONG) && app
				      ? sm_segment_store_find(sm_application_get_store(app), name, NULL)
				      : NULL;
	if (item) {
		*info = *sm_segment_item_get_info(item);
		r = 0;
	}
	return r;
}

/* The line under the title for a segment the list marks (⚠, trash): why
 * its fields say "(not running)" or "closed by owner".  NULL for one in
 * use. */
static const char *state_line(const struct sm_segment_info *info)
{
	switch (sm_segment_info_status(info)) {
	case SM_ENTRY_STALE:
		return "Stale: its owner is dead and nobody has it open.";
	case SM_ENTRY_OWNER_DEAD:
		return "Owner dead: its owner is gone, but other processes still have it open; "
		       "it stays until they close it.";
	case SM_ENTRY_UNKNOWN:
		return "Owner dead: its owner is gone; another user's process may still have it open "
		       "(gc keeps it).";
	case SM_ENTRY_CLOSED:
		return "Shut down: its owner has closed it; processes that still have it open keep it "
		       "until they close it.";
	default:
		return NULL;
	}
}

void sm_header_view_reload(SmHeaderView *self)
{
	struct sm_segment_info info;
	g_autoptr(GBytes) raw = NULL;
	struct sm_field fields[MAX_FIELDS];
	int n = 0;

	if (!self->segment_name) {
		gtk_label_set_text(self->title_label, "No segment selected");
		gtk_label_set_text(self->subtitle_label, "Choose a segment on the left to see its header.");
		set_error(self, NULL);
	} else {
		g_autofree char *title = sm_format_name(self->segment_name);
		gtk_label_set_text(self->title_label, title);
		int r = stat_listed(self, self->segment_name, &info);
		if (r < 0) {
			gtk_label_set_text(self->subtitle_label, "");
			g_autofree char *e = g_strdup_printf("Cannot read this segment: %s", sm_strerror(r));
			set_error(self, e);
		} else if (info.status < 0) {
			/* Another user's segment is private, as the list says, not broken. */
			gboolean private = sm_segment_info_status(&info) == SM_ENTRY_PRIVATE;
			g_autofree char *size = sm_format_size(info.file_size);
			g_autofree char *sub = g_strdup_printf("%s, %s", private ? "Private segment" : "Broken or foreign file",
							       size);
			char reason[SM_INFO_REASON_SIZE];
			g_autofree char *e = g_strdup_printf("%s: %s", private ? "Cannot read this segment" : "Not a usable segment",
							     sm_segment_info_reason(&info, reason, sizeof reason));
			gtk_label_set_text(self->subtitle_label, sub);
			set_error(self, e);
			raw = read_raw(self->segment_name);
			/* Decode what is there anyway: the decoder shows a wrong
			 * magic or version as such, which is the point. */
			if (raw && g_bytes_get_size(raw) == SM_HEADER_SIZE)
				n = sm_header_fields(g_bytes_get_data(raw, NULL), fields, MAX_FIELDS);
		} else {
			g_autofree char *size = sm_format_size(info.file_size);
			g_autofree char *label = sm_format_text(info.label);
			g_autofree char *sub = g_strdup_printf("%s, %s%s%s%s", sm_kind_name(info.kind), size,
							       info.label[0] ? ", “" : "", label,
							       info.label[0] ? "”" : "");
			gtk_label_set_text(self->subtitle_label, sub);
			set_error(self, state_line(&info));
			raw = g_bytes_new(&info.header, sizeof info.header);
			n = sm_header_fields(&info.header, fields, MAX_FIELDS);
		}
	}
	show_fields(self, fields, MIN(n, MAX_FIELDS));
	update_keep(self);
	g_clear_pointer(&self->raw, g_bytes_unref);
	self->raw = raw ? g_bytes_ref(raw) : NULL;
	sm_hex_view_set_bytes(self->hex_view, self->raw);
	/* The hover line tells what the byte under the pointer holds now. */
	if (self->hovering)
		sm_header_view_hover(self, self->hover_offset);
}

/* The application, once the view is in one of its windows. */
static SmApplication *view_app(SmHeaderView *self)
{
	GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
	GtkApplication *app = GTK_IS_WINDOW(root) ? gtk_window_get_application(GTK_WINDOW(root)) : NULL;
	return SM_IS_APPLICATION(app) ? SM_APPLICATION(app) : NULL;
}

/* "Keep" shows for segments this workbench created. */
static void update_keep(SmHeaderView *self)
{
	SmApplication *app = view_app(self);
	gboolean owned = app && sm_application_owns(app, self->segment_name);
	gtk_widget_set_visible(GTK_WIDGET(self->keep_check), owned);
	self->updating_keep = TRUE;
	gtk_check_button_set_active(self->keep_check, owned && sm_application_get_keep(app, self->segment_name));
	self->updating_keep = FALSE;
}

GtkWidget *sm_header_view_get_hex_view(SmHeaderView *self)
{
	return GTK_WIDGET(self->hex_view);
}

GtkWidget *sm_header_view_get_keep_button(SmHeaderView *self)
{
	return GTK_WIDGET(self->keep_check);
}

static void on_keep_toggled(SmHeaderView *self)
{
	if (self->updating_keep || !self->segment_name)
		return;
	gtk_widget_activate_action(GTK_WIDGET(self), "app.keep-segment", "(sb)", self->segment_name,
				   gtk_check_button_get_active(self->keep_check));
}

/* ---- hover and selection ------------------------------------------------- */

static SmFieldItem *field_at(SmHeaderView *self, int offset, guint *position)
{
	GListModel *m = G_LIST_MODEL(self->fields);
	guint n = g_list_model_get_n_items(m);
	/* Kind parameters come after the params blob's own entry, if any: the
	 * smallest field containing the byte wins. */
	SmFieldItem *best = NULL;
	for (guint i = 0; offset >= 0 && i < n; i++) {
		g_autoptr(SmFieldItem) item = g_list_model_get_item(m, i);
		const struct sm_field *f = sm_field_item_get_field(item);
		if ((guint)offset >= f->offset && (guint)offset < f->offset + f->size &&
		    (!best || f->size < sm_field_item_get_field(best)->size)) {
			best = item;
			*position = i;
		}
	}
	return best;
}

const char *sm_header_view_hover(SmHeaderView *self, int offset)
{
	guint pos = 0;
	SmFieldItem *item = field_at(self, offset, &pos);
	if (!item) {
		self->hovering = FALSE;
		sm_hex_view_set_highlight(self->hex_view, 0, 0);
		gtk_label_set_text(self->hover_label, offset >= 0 ? "Not part of any field."
								  : "Point at a byte to see its field.");
		/* Fall back to the selected row's field. */
		SmFieldItem *sel = gtk_single_selection_get_selected_item(self->selection);
		if (sel)
			sm_hex_view_set_highlight(self->hex_view, sm_field_item_get_field(sel)->offset,
						  sm_field_item_get_field(sel)->size);
		return NULL;
	}
	const struct sm_field *f = sm_field_item_get_field(item);
	self->hovering = TRUE;
	self->hover_offset = offset;
	sm_hex_view_set_highlight(self->hex_view, f->offset, f->size);
	g_autofree char *text = g_strdup_printf("0x%03x: %s (%u bytes at 0x%03x) = %s", offset, f->name, f->size,
						f->offset, sm_field_item_get_value(item));
	gtk_label_set_text(self->hover_label, text);
	return f->name;
}

void sm_header_view_get_highlight(SmHeaderView *self, guint *offset, guint *size)
{
	sm_hex_view_get_highlight(self->hex_view, offset, size);
}

static void on_hex_hover(SmHeaderView *self, int offset)
{
	sm_header_view_hover(self, offset);
}

static void on_field_selected(SmHeaderView *self)
{
	SmFieldItem *item = gtk_single_selection_get_selected_item(self->selection);
	if (self->hovering)
		return;
	if (item)
		sm_hex_view_set_highlight(self->hex_view, sm_field_item_get_field(item)->offset,
					  sm_field_item_get_field(item)->size);
	else
		sm_hex_view_set_highlight(self->hex_view, 0, 0);
}

GListModel *sm_header_view_get_fields(SmHeaderView *self)
{
	return G_LIST_MODEL(self->fields);
}

const char *sm_header_view_get_field_value(SmHeaderView *self, const char *name)
{
	GListModel *m = G_LIST_MODEL(self->fields);
	for (guint i = 0; i < g_list_model_get_n_items(m); i++) {
		g_autoptr(SmFieldItem) item = g_list_model_get_item(m, i);
		if (g_strcmp0(sm_field_item_get_field(item)->name, name) == 0)
			return sm_field_item_get_value(item); /* the store keeps the item */
	}
	return NULL;
}

/* ---- segment-name and polling ----------------------------------------------- */

static gboolean on_timer(gpointer data)
{
	sm_header_view_reload(data);
	return G_SOURCE_CONTINUE;
}

void sm_header_view_set_segment_name(SmHeaderView *self, const char *name)
{
	if (g_strcmp0(name, self->segment_name) != 0) {
		g_free(self->segment_name);
		self->segment_name = g_strdup(name);
		gtk_single_selection_set_selected(self->selection, GTK_INVALID_LIST_POSITION);
		/* The hover line described the previous segment's bytes. */
		self->hovering = FALSE;
		gtk_label_set_text(self->hover_label, "Point at a byte to see its field.");
		g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEGMENT_NAME]);
	}
	sm_header_view_reload(self);
}

const char *sm_header_view_get_segment_name(SmHeaderView *self)
{
	return self->segment_name;
}

static void sm_header_view_map(GtkWidget *widget)
{
	SmHeaderView *self = SM_HEADER_VIEW(widget);
	GTK_WIDGET_CLASS(sm_header_view_parent_class)->map(widget);
	sm_header_view_reload(self);
	if (!self->timer_id)
		self->timer_id = g_timeout_add_seconds(1, on_timer, self);
}

static void sm_header_view_unmap(GtkWidget *widget)
{
	SmHeaderView *self = SM_HEADER_VIEW(widget);
	g_clear_handle_id(&self->timer_id, g_source_remove);
	GTK_WIDGET_CLASS(sm_header_view_parent_class)->unmap(widget);
}

static void sm_header_view_set_property(GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
	switch (prop_id) {
	case PROP_SEGMENT_NAME:
		sm_header_view_set_segment_name(SM_HEADER_VIEW(object), g_value_get_string(value));
		break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_header_view_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	switch (prop_id) {
	case PROP_SEGMENT_NAME: g_value_set_string(value, SM_HEADER_VIEW(object)->segment_name); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_header_view_dispose(GObject *object)
{
	SmHeaderView *self = SM_HEADER_VIEW(object);
	g_clear_handle_id(&self->timer_id, g_source_remove);
	if (self->selection)
		g_signal_handlers_disconnect_by_data(self->selection, self);
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))))
		gtk_widget_unparent(child);
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_HEADER_VIEW);
	G_OBJECT_CLASS(sm_header_view_parent_class)->dispose(object);
}

static void sm_header_view_finalize(GObject *object)
{
	SmHeaderView *self = SM_HEADER_VIEW(object);
	g_free(self->segment_name);
	g_clear_pointer(&self->raw, g_bytes_unref);
	G_OBJECT_CLASS(sm_header_view_parent_class)->finalize(object);
}

static void sm_header_view_class_init(SmHeaderViewClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->set_property = sm_header_view_set_property;
	object_class->get_property = sm_header_view_get_property;
	object_class->dispose = sm_header_view_dispose;
	object_class->finalize = sm_header_view_finalize;
	widget_class->map = sm_header_view_map;
	widget_class->unmap = sm_header_view_unmap;

	properties[PROP_SEGMENT_NAME] = g_param_spec_string("segment-name", NULL, NULL, NULL,
							    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
								    G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(object_class, N_PROPS, properties);

	g_type_ensure(SM_TYPE_FIELD_ITEM);
	g_type_ensure(SM_TYPE_HEX_VIEW);
	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-header-view.ui");
	gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, fields);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, selection);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, title_label);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, subtitle_label);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, error_label);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, hover_label);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, column_view);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, hex_view);
	gtk_widget_class_bind_template_child(widget_class, SmHeaderView, keep_check);
	gtk_widget_class_bind_template_callback(widget_class, on_keep_toggled);
	gtk_widget_class_bind_template_callback(widget_class, on_hex_hover);
	gtk_widget_class_bind_template_callback(widget_class, on_field_selected);
}

static void sm_header_view_init(SmHeaderView *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
}
