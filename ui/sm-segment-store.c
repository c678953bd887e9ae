/* sm-segment-store.c — see sm-segment-store.h. */
#include "sm-segment-store.h"

#include <stdlib.h>
#include <string.h>

struct _SmSegmentStore {
	GObject parent_instance;
	GPtrArray *items; /* SmSegmentItem, sorted by name */
	GFileMonitor *monitor;
	guint timer_id;    /* periodic refresh */
	guint pending_id;  /* coalesces bursts of file events */
	int last_error;
};

static void sm_segment_store_list_model_init(GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(SmSegmentStore, sm_segment_store, G_TYPE_OBJECT,
			      G_IMPLEMENT_INTERFACE(G_TYPE_LIST_MODEL, sm_segment_store_list_model_init))

static GType sm_segment_store_get_item_type(GListModel *model)
{
	return SM_TYPE_SEGMENT_ITEM;
}

static guint sm_segment_store_get_n_items(GListModel *model)
{
	return SM_SEGMENT_STORE(model)->items->len;
}

static gpointer sm_segment_store_get_item(GListModel *model, guint position)
{
	SmSegmentStore *self = SM_SEGMENT_STORE(model);
	if (position >= self->items->len)
		return NULL;
	return g_object_ref(g_ptr_array_index(self->items, position));
}

static void sm_segment_store_list_model_init(GListModelInterface *iface)
{
	iface->get_item_type = sm_segment_store_get_item_type;
	iface->get_n_items = sm_segment_store_get_n_items;
	iface->get_item = sm_segment_store_get_item;
}

enum { PROP_0, PROP_ERROR, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void set_error(SmSegmentStore *self, int error)
{
	if (self->last_error == error)
		return;
	self->last_error = error;
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_ERROR]);
}

int sm_segment_store_get_error(SmSegmentStore *self)
{
	return self->last_error;
}

int sm_segment_store_refresh(SmSegmentStore *self)
{
	struct sm_segment_info *infos = NULL;
	size_t n = 0;
	int r = sm_segment_list(&infos, &n);
	if (r < 0) {
		set_error(self, r);
		return r;
	}
	gint64 now = g_get_real_time() * 1000;
	/* Merge two name-sorted lists: keep, update, insert, remove. */
	guint pos = 0;
	for (size_t i = 0; i < n; i++) {
		while (pos < self->items->len &&
		       strcmp(sm_segment_item_get_name(g_ptr_array_index(self->items, pos)), infos[i].name) < 0) {
			g_ptr_array_remove_index(self->items, pos);
			g_list_model_items_changed(G_LIST_MODEL(self), pos, 1, 0);
		}
		SmSegmentItem *item = pos < self->items->len ? g_ptr_array_index(self->items, pos) : NULL;
		if (item && strcmp(sm_segment_item_get_name(item), infos[i].name) == 0) {
			/* Sorters and filters judge an item as it comes in: one
			 * that changed comes in again (stale, more attached). */
			if (sm_segment_item_update(item, &infos[i], now))
				g_list_model_items_changed(G_LIST_MODEL(self), pos, 1, 1);
		} else {
			g_ptr_array_insert(self->items, (gint)pos, sm_segment_item_new(&infos[i], now));
			g_list_model_items_changed(G_LIST_MODEL(self), pos, 0, 1);
		}
		pos++;
	}
	if (pos < self->items->len) {
		guint removed = self->items->len - pos;
		g_ptr_array_remove_range(self->items, pos, removed);
		g_list_model_items_changed(G_LIST_MODEL(self), pos, removed, 0);
	}
	free(infos);
	set_error(self, 0);
	return 0;
}

SmSegmentItem *sm_segment_store_find(SmSegmentStore *self, const char *name, guint *position)
{
	for (guint i = 0; name && i < self->items->len; i++) {
		SmSegmentItem *item = g_ptr_array_index(self->items, i);
		if (strcmp(sm_segment_item_get_name(item), name) == 0) {
			if (position)
				*position = i;
			return item;
		}
	}
	return NULL;
}

static gboolean on_timer(gpointer data)
{
	sm_segment_store_refresh(data);
	return G_SOURCE_CONTINUE;
}

static gboolean on_pending(gpointer data)
{
	SmSegmentStore *self = data;
	self->pending_id = 0;
	sm_segment_store_refresh(self);
	return G_SOURCE_REMOVE;
}

static gboolean is_segment_file(GFile *file)
{
	g_autofree char *base = file ? g_file_get_basename(file) : NULL;
	return base && g_str_has_prefix(base, SM_FILE_PREFIX);
}

static void on_shm_changed(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
			   gpointer data)
{
	SmSegmentStore *self = data;
	/* A rename names the old file first: "tmp" -> "sm.NAME" brings one in. */
	if (!is_segment_file(file) && !is_segment_file(other))
		return;
	/* A creator writes its header after creating the file: wait a moment
	 * so one refresh sees the finished segment. */
	if (!self->pending_id)
		self->pending_id = g_timeout_add(50, on_pending, self);
}

void sm_segment_store_set_interval(SmSegmentStore *self, guint interval_ms)
{
	g_clear_handle_id(&self->timer_id, g_source_remove);
	if (interval_ms)
		self->timer_id = g_timeout_add(interval_ms, on_timer, self);
}

static void sm_segment_store_dispose(GObject *object)
{
	SmSegmentStore *self = SM_SEGMENT_STORE(object);
	g_clear_handle_id(&self->timer_id, g_source_remove);
	g_clear_handle_id(&self->pending_id, g_source_remove);
	if (self->monitor) {
		g_signal_handlers_disconnect_by_data(self->monitor, self);
		g_file_monitor_cancel(self->monitor);
		g_clear_object(&self->monitor);
	}
	G_OBJECT_CLASS(sm_segment_store_parent_class)->dispose(object);
}

static void sm_segment_store_finalize(GObject *object)
{
	SmSegmentStore *self = SM_SEGMENT_STORE(object);
	g_ptr_array_unref(self->items);
	G_OBJECT_CLASS(sm_segment_store_parent_class)->finalize(object);
}

static void sm_segment_store_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	if (prop_id == PROP_ERROR)
		g_value_set_int(value, SM_SEGMENT_STORE(object)->last_error);
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void sm_segment_store_class_init(SmSegmentStoreClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = sm_segment_store_dispose;
	object_class->finalize = sm_segment_store_finalize;
	object_class->get_property = sm_segment_store_get_property;
	properties[PROP_ERROR] = g_param_spec_int("error", NULL, NULL, G_MININT, 0, 0,
						  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
	g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void sm_segment_store_init(SmSegmentStore *self)
{
	self->items = g_ptr_array_new_with_free_func(g_object_unref);
	g_autoptr(GFile) dir = g_file_new_for_path(SM_SHM_DIR);
	self->monitor = g_file_monitor_directory(dir, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
	if (self->monitor)
		g_signal_connect(self->monitor, "changed", G_CALLBACK(on_shm_changed), self);
	sm_segment_store_set_interval(self, 1000);
}

SmSegmentStore *sm_segment_store_new(void)
{
	SmSegmentStore *self = g_object_new(SM_TYPE_SEGMENT_STORE, NULL);
	sm_segment_store_refresh(self);
	return self;
}
