/* sm-ring-monitor.c — see sm-ring-monitor.h. */
#include "sm-ring-monitor.h"
#include "sm-template.h"

#include "sm-figure-grid.h"
#include "sm-ring-chart.h"
#include "sm-ring-watch.h"
#include "sm-application.h"
#include "sm-sample-clock.h"
#include "sm-settings.h"
#include "sm-png.h"

#define WINDOW_S 60

struct _SmRingMonitor {
	GtkWidget parent_instance;

	GtkWidget *content;
	GtkLabel *status_label;
	GtkLabel *export_label; /* where the last export went, or why it failed */
	GtkNativeDialog *chooser; /* an export's open file chooser, ours to destroy */
	GtkWidget *charts;
	SmRingChart *occupancy_chart, *messages_chart, *bytes_chart;
	GtkGrid *counters;
	GHashTable *counter_labels; /* key -> GtkLabel */

	SmRingWatch watch;
	guint watch_opens; /* watch.opens at the last sample */
	SmSampleSeries *series;
	GSettings *settings;
	guint rate;
	guint timer;
	guint ticks;
	gboolean paused;
};

G_DEFINE_FINAL_TYPE(SmRingMonitor, sm_ring_monitor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SEGMENT_NAME, PROP_PAUSED, PROP_SAMPLE_RATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The counters beside the plots, in display order. */
static const SmFigureRow counter_rows[] = {
	{ "occupancy", "Nodes in use" },
	{ "messages_written", "Messages written" },
	{ "messages_read", "Messages read" },
	{ "bytes_written", "Bytes written" },
	{ "bytes_read", "Bytes read" },
	{ "full_waits", "Full waits" },
	{ "empty_waits", "Empty waits" },
	{ "timeouts", "Timeouts" },
	{ "abandoned", "Abandoned nodes" },
	{ "lost", "Lost nodes" },
	{ "corrupt", "Corrupt nodes" },
};

#define set_counter(self, key, v) sm_figure_grid_set_u64((self)->counter_labels, key, v)

static void show_status(SmRingMonitor *self, const char *text)
{
	if (g_strcmp0(gtk_label_get_label(self->status_label), text) != 0) {
		gtk_label_set_label(self->status_label, text);
		gtk_widget_set_tooltip_text(GTK_WIDGET(self->status_label), text);
	}
}

/* Counters beside the plots are refreshed twice a second while sampling on
 * the timer: numbers changing faster cannot be read, and each label change
 * costs a relayout of the window. */
#define COUNTERS_PER_SECOND 2

static gboolean take_sample(SmRingMonitor *self, gboolean counters)
{
	struct sm_ring_snapshot snap;
	if (sm_ring_watch_snapshot(&self->watch, &snap, NULL, 0) < 0) {
		char *why = sm_ring_watch_describe_error(&self->watch);
		if (why)
			show_status(self, why);
		g_free(why);
		/* Not read now: no figures beside the reason (the plots keep
		 * their history). */
		sm_figure_grid_reset(self->counter_labels);
		return FALSE;
	}
	/* Another ring under the name (or the same one opened again): no rate
	 * from one ring's counters to the other's. */
	if (self->watch.opens != self->watch_opens)
		sm_sample_series_break(self->series);
	self->watch_opens = self->watch.opens;
	SmRingCounters c = {
		.time_ns = snap.monotonic_ns,
		.occupancy = snap.occupancy,
		.node_count = snap.node_count,
		.messages_written = snap.messages_written,
		.bytes_written = snap.bytes_written,
		.messages_read = snap.messages_read,
		.bytes_read = snap.bytes_read,
	};
	sm_sample_series_push(self->series, &c);
	if (!counters)
		return TRUE;

	char *status = g_strdup_printf("%s — %u nodes of %u bytes%s%s", self->watch.shown,
				       snap.node_count, snap.node_size, snap.shutdown ? " (shut down)" : "",
				       self->paused ? " (paused)" : "");
	show_status(self, status);
	g_free(status);
	set_counter(self, "occupancy", snap.occupancy);
	set_counter(self, "messages_written", snap.messages_written);
	set_counter(self, "messages_read", snap.messages_read);
	sm_figure_grid_set_size(self->counter_labels, "bytes_written", snap.bytes_written);
	sm_figure_grid_set_size(self->counter_labels, "bytes_read", snap.bytes_read);
	set_counter(self, "full_waits", snap.full_waits);
	set_counter(self, "empty_waits", snap.empty_waits);
	set_counter(self, "timeouts", snap.timeouts);
	set_counter(self, "abandoned", snap.abandoned);
	set_counter(self, "lost", snap.lost);
	set_counter(self, "corrupt", snap.corrupt);
	return TRUE;
}

gboolean sm_ring_monitor_sample_now(SmRingMonitor *self)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), FALSE);
	return take_sample(self, TRUE);
}

static void on_timer(gpointer data)
{
	SmRingMonitor *self = SM_RING_MONITOR(data);
	guint every = MAX(self->rate / COUNTERS_PER_SECOND, 1);
	take_sample(self, self->ticks++ % every == 0);
}

static void restart_timer(SmRingMonitor *self)
{
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	/* Sample only while shown: a hidden page costs nothing. */
	if (!self->paused && self->watch.name && gtk_widget_get_mapped(GTK_WIDGET(self)))
		self->timer = sm_sample_clock_add(self->rate, on_timer, self);
}

static void sm_ring_monitor_map(GtkWidget *widget)
{
	GTK_WIDGET_CLASS(sm_ring_monitor_parent_class)->map(widget);
	/* Not sampled while hidden: no line (or average rate) across that. */
	sm_sample_series_break(SM_RING_MONITOR(widget)->series);
	restart_timer(SM_RING_MONITOR(widget));
}

static void sm_ring_monitor_unmap(GtkWidget *widget)
{
	g_clear_handle_id(&SM_RING_MONITOR(widget)->timer, sm_sample_clock_remove);
	GTK_WIDGET_CLASS(sm_ring_monitor_parent_class)->unmap(widget);
}

void sm_ring_monitor_set_segment_name(SmRingMonitor *self, const char *name)
{
	g_return_if_fail(SM_IS_RING_MONITOR(self));
	/* The same name again means the ring was removed and re-created (the
	 * window's contract): map the new one. */
	gboolean changed = g_strcmp0(self->watch.name, name && *name ? name : NULL) != 0;
	sm_ring_watch_set_name(&self->watch, name);
	sm_sample_series_clear(self->series);
	sm_figure_grid_reset(self->counter_labels);
	gtk_widget_set_visible(GTK_WIDGET(self->export_label), FALSE);
	show_status(self, self->watch.name ? self->watch.shown : "No ring selected");
	if (self->watch.name)
		sm_ring_monitor_sample_now(self);
	restart_timer(self);
	if (changed)
		g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEGMENT_NAME]);
}

const char *sm_ring_monitor_get_segment_name(SmRingMonitor *self)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), NULL);
	return self->watch.name;
}

void sm_ring_monitor_set_paused(SmRingMonitor *self, gboolean paused)
{
	g_return_if_fail(SM_IS_RING_MONITOR(self));
	paused = !!paused;
	if (self->paused == paused)
		return;
	self->paused = paused;
	if (!paused)
		sm_sample_series_break(self->series); /* no line across the pause */
	restart_timer(self);
	if (self->watch.name)
		sm_ring_monitor_sample_now(self); /* refresh the "(paused)" mark */
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_PAUSED]);
}

gboolean sm_ring_monitor_get_paused(SmRingMonitor *self)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), FALSE);
	return self->paused;
}

void sm_ring_monitor_set_sample_rate(SmRingMonitor *self, guint per_second)
{
	g_return_if_fail(SM_IS_RING_MONITOR(self));
	per_second = CLAMP(per_second, SM_SAMPLE_RATE_MIN, SM_SAMPLE_RATE_MAX);
	if (self->rate == per_second)
		return;
	self->rate = per_second;
	sm_sample_series_set_capacity(self->series, WINDOW_S * per_second + 1);
	restart_timer(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SAMPLE_RATE]);
}

guint sm_ring_monitor_get_sample_rate(SmRingMonitor *self)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), 0);
	return self->rate;
}

SmSampleSeries *sm_ring_monitor_get_series(SmRingMonitor *self)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), NULL);
	return self->series;
}

SmRingChart *sm_ring_monitor_get_chart(SmRingMonitor *self, SmChartQuantity quantity)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), NULL);
	switch (quantity) {
	case SM_CHART_OCCUPANCY: return self->occupancy_chart;
	case SM_CHART_MESSAGES: return self->messages_chart;
	case SM_CHART_MEGABYTES: return self->bytes_chart;
	}
	return NULL;
}

const char *sm_ring_monitor_get_counter_text(SmRingMonitor *self, const char *key)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), NULL);
	return sm_figure_grid_get(self->counter_labels, key);
}

gboolean sm_ring_monitor_export_csv(SmRingMonitor *self, GFile *file, GError **error)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), FALSE);
	char *csv = sm_sample_series_to_csv(self->series);
	gboolean ok = g_file_replace_contents(file, csv, strlen(csv), NULL, FALSE,
					      G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
	g_free(csv);
	return ok;
}

gboolean sm_ring_monitor_export_png(SmRingMonitor *self, GFile *file, GError **error)
{
	g_return_val_if_fail(SM_IS_RING_MONITOR(self), FALSE);
	char *path = g_file_get_path(file);
	gboolean ok = path && sm_widget_save_png(self->charts, path, error);
	if (!path)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Only local files can be written");
	g_free(path);
	return ok;
}

/* ---- Export actions: a native file chooser, then the export ---- */

typedef gboolean (*ExportFn)(SmRingMonitor *, GFile *, GError **);

static void on_export_response(GtkNativeDialog *dialog, int response, gpointer data)
{
	SmRingMonitor *self = g_object_get_data(G_OBJECT(dialog), "monitor");
	ExportFn fn = (ExportFn)data;
	if (response == GTK_RESPONSE_ACCEPT) {
		GFile *file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
		GError *error = NULL;
		gboolean ok = fn(self, file, &error);
		/* Not on the status line: sampling rewrites that twice a second. */
		char *msg;
		if (ok) {
			char *where = g_file_get_parse_name(file);
			msg = g_strdup_printf("Saved to %s", where);
			g_free(where);
			gtk_widget_remove_css_class(GTK_WIDGET(self->export_label), "error");
			gtk_widget_add_css_class(GTK_WIDGET(self->export_label), "dim-label");
		} else {
			msg = g_strdup_printf("Export failed: %s", error->message);
			g_error_free(error);
			gtk_widget_remove_css_class(GTK_WIDGET(self->export_label), "dim-label");
			gtk_widget_add_css_class(GTK_WIDGET(self->export_label), "error");
		}
		gtk_label_set_label(self->export_label, msg);
		g_free(msg);
		gtk_widget_set_visible(GTK_WIDGET(self->export_label), TRUE);
		g_object_unref(file);
	}
	self->chooser = NULL;
	g_object_unref(dialog);
}

/* The chooser goes with the monitor: answered after it, it would export
 * a disposed monitor.  Destroyed, it answers nothing. */
static void close_chooser(SmRingMonitor *self)
{
	if (!self->chooser)
		return;
	g_signal_handlers_disconnect_by_func(self->chooser, on_export_response, NULL);
	gtk_native_dialog_destroy(self->chooser);
	g_clear_object(&self->chooser);
}

static void export_with_chooser(SmRingMonitor *self, const char *title, const char *suffix,
				ExportFn fn)
{
	GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
	GtkFileChooserNative *dialog = gtk_file_chooser_native_new(title,
		GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL, GTK_FILE_CHOOSER_ACTION_SAVE,
		"_Export", "_Cancel");
	char *name = g_strdup_printf("%s%s", self->watch.name ? self->watch.name : "ring", suffix);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), name);
	g_free(name);
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
	g_object_set_data_full(G_OBJECT(dialog), "monitor", g_object_ref(self), g_object_unref);
	g_signal_connect(dialog, "response", G_CALLBACK(on_export_response), (gpointer)fn);
	close_chooser(self);
	self->chooser = GTK_NATIVE_DIALOG(dialog);
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void action_export_csv(GtkWidget *widget, const char *name, GVariant *param)
{
	export_with_chooser(SM_RING_MONITOR(widget), "Export Samples", "-samples.csv",
			    sm_ring_monitor_export_csv);
}

static void action_export_png(GtkWidget *widget, const char *name, GVariant *param)
{
	export_with_chooser(SM_RING_MONITOR(widget), "Export Plots", "-plots.png",
			    sm_ring_monitor_export_png);
}

/* ---- GObject ---- */

static void sm_ring_monitor_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmRingMonitor *self = SM_RING_MONITOR(object);
	switch (prop_id) {
	case PROP_SEGMENT_NAME: g_value_set_string(value, self->watch.name); break;
	case PROP_PAUSED: g_value_set_boolean(value, self->paused); break;
	case PROP_SAMPLE_RATE: g_value_set_uint(value, self->rate); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_ring_monitor_set_property(GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
	SmRingMonitor *self = SM_RING_MONITOR(object);
	switch (prop_id) {
	case PROP_SEGMENT_NAME: sm_ring_monitor_set_segment_name(self, g_value_get_string(value)); break;
	case PROP_PAUSED: sm_ring_monitor_set_paused(self, g_value_get_boolean(value)); break;
	case PROP_SAMPLE_RATE: sm_ring_monitor_set_sample_rate(self, g_value_get_uint(value)); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

/* Taken out of its window: the export chooser (which holds a reference,
 * so no dispose comes) goes now. */
static void sm_ring_monitor_unroot(GtkWidget *widget)
{
	close_chooser(SM_RING_MONITOR(widget));
	GTK_WIDGET_CLASS(sm_ring_monitor_parent_class)->unroot(widget);
}

static void sm_ring_monitor_dispose(GObject *object)
{
	SmRingMonitor *self = SM_RING_MONITOR(object);
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	close_chooser(self);
	sm_ring_watch_clear(&self->watch);
	g_clear_object(&self->settings);
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_RING_MONITOR);
	G_OBJECT_CLASS(sm_ring_monitor_parent_class)->dispose(object);
}

static void sm_ring_monitor_finalize(GObject *object)
{
	SmRingMonitor *self = SM_RING_MONITOR(object);
	g_clear_object(&self->series);
	g_hash_table_unref(self->counter_labels);
	G_OBJECT_CLASS(sm_ring_monitor_parent_class)->finalize(object);
}

static void sm_ring_monitor_class_init(SmRingMonitorClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->get_property = sm_ring_monitor_get_property;
	object_class->set_property = sm_ring_monitor_set_property;
	object_class->dispose = sm_ring_monitor_dispose;
	object_class->finalize = sm_ring_monitor_finalize;
	widget_class->map = sm_ring_monitor_map;
	widget_class->unmap = sm_ring_monitor_unmap;
	widget_class->unroot = sm_ring_monitor_unroot;

	properties[PROP_SEGMENT_NAME] = g_param_spec_string("segment-name", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	properties[PROP_PAUSED] = g_param_spec_boolean("paused", NULL, NULL, FALSE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	properties[PROP_SAMPLE_RATE] = g_param_spec_uint("sample-rate", NULL, NULL, 1, 100, 10,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(object_class, N_PROPS, properties);

	g_type_ensure(SM_TYPE_RING_CHART);
	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-ring-monitor.ui");
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, content);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, status_label);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, export_label);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, charts);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, occupancy_chart);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, messages_chart);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, bytes_chart);
	gtk_widget_class_bind_template_child(widget_class, SmRingMonitor, counters);
	gtk_widget_class_install_property_action(widget_class, "monitor.pause", "paused");
	gtk_widget_class_install_action(widget_class, "monitor.export-csv", NULL, action_export_csv);
	gtk_widget_class_install_action(widget_class, "monitor.export-png", NULL, action_export_png);
	gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
	gtk_widget_class_set_css_name(widget_class, "ringmonitor");
}

static void on_sample_rate_changed(gpointer self, guint per_second)
{
	sm_ring_monitor_set_sample_rate(self, per_second);
}

static void sm_ring_monitor_init(SmRingMonitor *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->counter_labels = sm_figure_grid_fill(self->counters, counter_rows, G_N_ELEMENTS(counter_rows));
	self->series = sm_sample_series_new(2);
	sm_ring_chart_set_series(self->occupancy_chart, self->series);
	sm_ring_chart_set_series(self->messages_chart, self->series);
	sm_ring_chart_set_series(self->bytes_chart, self->series);
	self->settings = sm_settings_follow_sample_rate(self, on_sample_rate_changed);
}

GtkWidget *sm_ring_monitor_new(void)
{
	return g_object_new(SM_TYPE_RING_MONITOR, NULL);
}
