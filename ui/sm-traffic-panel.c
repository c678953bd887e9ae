/* sm-traffic-panel.c — see sm-traffic-panel.h. */
#include "sm-traffic-panel.h"
#include "sm-template.h"

#include "sharedmem/error.h"
#include "sharedmem/ring.h"
#include "sharedmem/traffic.h"
#include "sm-figure-grid.h"
#include "sm-application.h"
#include "sm-ring-chart.h"

struct _SmTrafficPanel {
	GtkWidget parent_instance;

	GtkLabel *status_label;
	GtkSpinButton *producers_spin, *consumers_spin, *size_spin, *rate_spin;
	GtkCheckButton *fast_check;
	guint max_children; /* the producers and consumers fields' upper bound */
	GtkGrid *figures;
	GHashTable *figure_labels;

	char *segment_name;
	SmTrafficRunner *runner;  /* this view's own */
	SmTrafficRunner *shown;   /* the one shown: its own, or one found running on the ring */
	char *error_text; /* the last start failure, shown until the next start */
};

G_DEFINE_FINAL_TYPE(SmTrafficPanel, sm_traffic_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SEGMENT_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const SmFigureRow figure_rows[] = {
	{ "children", "Running" },
	{ "rate", "Messages/s" },
	{ "received", "Received" },
	{ "lost", "Lost" },
	{ "duplicated", "Duplicated" },
	{ "reordered", "Reordered" },
	{ "corrupted", "Corrupted" },
};

/* What runs on the ring, or why it does not; *error when that is a start
 * that failed or a child that did. */
static char *status_text(SmTrafficPanel *self, const SmTrafficTotals *t, gboolean running,
			 gboolean *error)
{
	const char *failure = sm_traffic_runner_get_failure(self->shown);
	*error = FALSE;
	if (!self->segment_name)
		return g_strdup("No ring selected");
	*error = self->error_text || failure;
	if (self->error_text)
		return g_strdup(self->error_text);
	if (failure) /* until the next start, while the other children go on */
		return g_strdup(failure);
	g_autofree char *name_text = sm_quote_name(self->segment_name);
	if (sm_traffic_runner_is_finishing(self->shown))
		return g_strdup_printf("%s: stopping — the consumers drain the ring", name_text);
	if (running)
		return g_strdup_printf(self->shown == self->runner ? "Traffic on %s"
				       : "Traffic on %s (started elsewhere in the workbench)", name_text);
	if (t->verified && !t->lost && !t->duplicated && !t->reordered && !t->corrupted)
		return g_strdup_printf("%s: stopped; every message accounted for across consumers",
				       name_text);
	if (t->verified)
		return g_strdup_printf("%s: stopped; across consumers %" G_GUINT64_FORMAT " lost, %"
				       G_GUINT64_FORMAT " duplicated, %" G_GUINT64_FORMAT " reordered, %"
				       G_GUINT64_FORMAT " corrupted", name_text, t->lost, t->duplicated,
				       t->reordered, t->corrupted);
	if (t->received) /* a run ended, some consumer did not report in time */
		return g_strdup_printf("%s: stopped before every consumer reported; messages were not "
				       "counted across consumers", name_text);
	return g_strdup_printf("%s: no traffic from here", name_text);
}

static void show_status(SmTrafficPanel *self, const SmTrafficTotals *t, gboolean running)
{
	gboolean error;
	char *status = status_text(self, t, running, &error);
	if (g_strcmp0(gtk_label_get_label(self->status_label), status) != 0)
		gtk_label_set_label(self->status_label, status);
	g_free(status);
	/* A start or a child that failed: in the theme's error colour, as the
	 * other views show their errors. */
	GtkWidget *label = GTK_WIDGET(self->status_label);
	if (error)
		gtk_widget_add_css_class(label, "error");
	else
		gtk_widget_remove_css_class(label, "error");
	/* The line is cut after three lines: the whole text on pointing. */
	gtk_widget_set_tooltip_text(label, error ? gtk_label_get_label(self->status_label) : NULL);
}

static void update(SmTrafficPanel *self)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(self->shown, &t);
	gboolean running = sm_traffic_runner_is_running(self->shown);
	char *text = g_strdup_printf("%u producer%s, %u consumer%s", t.producers, t.producers == 1 ? "" : "s",
				     t.consumers, t.consumers == 1 ? "" : "s");
	sm_figure_grid_set(self->figure_labels, "children", running ? text : "none");
	g_free(text);
	text = sm_format_si(t.messages_per_s);
	sm_figure_grid_set(self->figure_labels, "rate", text);
	g_free(text);
	sm_figure_grid_set_u64(self->figure_labels, "received", t.received);
	if (running && !t.lost_live) /* a consumer of several counts no gaps, even alone now */
		sm_figure_grid_set(self->figure_labels, "lost", "counted at Stop (several consumers)");
	else
		sm_figure_grid_set_u64(self->figure_labels, "lost", t.lost);
	sm_figure_grid_set_u64(self->figure_labels, "duplicated", t.duplicated);
	sm_figure_grid_set_u64(self->figure_labels, "reordered", t.reordered);
	sm_figure_grid_set_u64(self->figure_labels, "corrupted", t.corrupted);

	show_status(self, &t, running);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "traffic.start", self->segment_name != NULL);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "traffic.stop",
				      running && !sm_traffic_runner_is_finishing(self->shown));
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "traffic.kill-producer", t.producers > 0);
}

/* The ring's node size, so a too-large message size is caught here with
 * a clear message; 0 with *error_text set when the ring is not usable. */
static guint32 ring_node_size(const char *name, char **error_text)
{
	g_autofree char *quoted = sm_quote_name(name);
	if (sm_rpc_is_channel_ring(name)) { /* its server would read our messages as requests */
		*error_text = g_strdup_printf("Cannot start traffic on %s: it carries an RPC channel's "
					      "packets, which test messages would corrupt", quoted);
		return 0;
	}
	sm_ring *ring;
	int r = sm_ring_open(&ring, name, SM_OPEN_READONLY);
	if (r < 0) {
		char why[SM_INFO_REASON_SIZE];
		*error_text = g_strdup_printf("Cannot start traffic on %s: %s", quoted,
					      sm_segment_error_text(name, r, why, sizeof why));
		return 0;
	}
	guint32 size = sm_ring_node_size(ring);
	sm_ring_close(ring);
	return size;
}

/* At most one process per role of a single-producer or -consumer ring:
 * a second would fail at once (the role is held). */
static void limit_role(SmTrafficPanel *self, GtkSpinButton *spin, gboolean single, const char *why)
{
	gtk_adjustment_set_upper(gtk_spin_button_get_adjustment(spin), single ? 1 : self->max_children);
	gtk_spin_button_set_value(spin, gtk_spin_button_get_value(spin)); /* clamped to it */
	gtk_widget_set_tooltip_text(GTK_WIDGET(spin), single ? why : NULL);
}

static void fit_roles_to_ring(SmTrafficPanel *self)
{
	unsigned flags = 0;
	sm_ring *ring;
	if (self->segment_name && sm_ring_open(&ring, self->segment_name, SM_OPEN_READONLY) == 0) {
		flags = sm_ring_flags(ring);
		sm_ring_close(ring);
	}
	limit_role(self, self->producers_spin, flags & SM_RING_SINGLE_PRODUCER,
		   "A single-producer ring has one producer at a time");
	limit_role(self, self->consumers_spin, flags & SM_RING_SINGLE_CONSUMER,
		   "A single-consumer ring has one consumer at a time");
}

/* A run started elsewhere (the demo's) shows its own settings, not the
 * ones this page last started with; they are what Start starts next. */
static void show_settings_of(SmTrafficPanel *self, SmTrafficRunner *runner)
{
	SmTrafficConfig config;
	if (runner != self->runner && sm_traffic_runner_get_config(runner, &config))
		sm_traffic_panel_configure(self, config.producers, config.consumers, config.size,
					   config.rate);
}

static void show_runner(SmTrafficPanel *self, SmTrafficRunner *runner)
{
	if (self->shown == runner)
		return;
	show_settings_of(self, runner);
	if (self->shown) {
		g_signal_handlers_disconnect_by_data(self->shown, self);
		g_object_unref(self->shown);
	}
	self->shown = g_object_ref(runner);
	g_signal_connect_swapped(runner, "changed", G_CALLBACK(update), self);
	update(self);
}

static void action_start(GtkWidget *widget, const char *name, GVariant *param)
{
	SmTrafficPanel *self = SM_TRAFFIC_PANEL(widget);
	g_autoptr(SmTrafficRunner) elsewhere = self->shown != self->runner ? g_object_ref(self->shown) : NULL;
	show_runner(self, self->runner);
	g_clear_pointer(&self->error_text, g_free);
	guint size = (guint)gtk_spin_button_get_value_as_int(self->size_spin);
	guint32 node_size = self->segment_name ? ring_node_size(self->segment_name, &self->error_text) : 0;
	if (node_size && node_size < SM_TRAFFIC_MIN_SIZE) {
		g_autofree char *quoted = sm_quote_name(self->segment_name);
		self->error_text = g_strdup_printf("Cannot start traffic on %s: its nodes hold %u bytes, "
						   "and a stamped message needs at least %u",
						   quoted, node_size, SM_TRAFFIC_MIN_SIZE);
		node_size = 0;
	}
	if (node_size && size > node_size) {
		/* Larger messages would not fit a node: say so, use the node size. */
		size = node_size;
		gtk_spin_button_set_value(self->size_spin, size);
	}
	if (node_size) {
		guint rate = gtk_check_button_get_active(self->fast_check)
			? 0 : (guint)gtk_spin_button_get_value_as_int(self->rate_spin);
		SmTrafficConfig config = {
			.producers = (guint)gtk_spin_button_get_value_as_int(self->producers_spin),
			.consumers = (guint)gtk_spin_button_get_value_as_int(self->consumers_spin),
			.size = size,
			.rate = rate,
		};
		/* One run per ring: the consumers of two would take each other's
		 * messages, and count them lost.  This one replaces the one shown. */
		if (elsewhere)
			sm_traffic_runner_stop(elsewhere);
		GError *error = NULL;
		if (!sm_traffic_runner_start(self->runner, self->segment_name, &config, &error)) {
			self->error_text = g_strdup_printf("Cannot start traffic: %s", error->message);
			g_error_free(error);
		}
	}
	update(self);
}

static void action_stop(GtkWidget *widget, const char *name, GVariant *param)
{
	/* Gracefully, so the run's messages are counted across consumers;
	 * leaving the ring or closing the view kills at once. */
	sm_traffic_runner_finish(SM_TRAFFIC_PANEL(widget)->shown);
}

static void action_kill_producer(GtkWidget *widget, const char *name, GVariant *param)
{
	sm_traffic_runner_kill_producer(SM_TRAFFIC_PANEL(widget)->shown);
}

void sm_traffic_panel_set_segment_name(SmTrafficPanel *self, const char *name)
{
	g_return_if_fail(SM_IS_TRAFFIC_PANEL(self));
	if (name && !*name)
		name = NULL;
	/* The same name again means the ring was re-created: the traffic on
	 * the old one stops too.  This view's traffic belongs to its ring. */
	gboolean changed = g_strcmp0(self->segment_name, name) != 0;
	sm_traffic_runner_stop(self->runner);
	g_free(self->segment_name);
	self->segment_name = g_strdup(name);
	g_clear_pointer(&self->error_text, g_free);
	fit_roles_to_ring(self);
	SmTrafficRunner *elsewhere = sm_traffic_runner_lookup(name);
	show_runner(self, elsewhere ? elsewhere : self->runner);
	update(self);
	if (changed)
		g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEGMENT_NAME]);
}

const char *sm_traffic_panel_get_segment_name(SmTrafficPanel *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_PANEL(self), NULL);
	return self->segment_name;
}

void sm_traffic_panel_configure(SmTrafficPanel *self, guint producers, guint consumers,
				guint size, guint rate)
{
	g_return_if_fail(SM_IS_TRAFFIC_PANEL(self));
	gtk_spin_button_set_value(self->producers_spin, producers);
	gtk_spin_button_set_value(self->consumers_spin, consumers);
	gtk_spin_button_set_value(self->size_spin, size);
	gtk_check_button_set_active(self->fast_check, rate == 0);
	if (rate)
		gtk_spin_button_set_value(self->rate_spin, rate);
}

SmTrafficRunner *sm_traffic_panel_get_runner(SmTrafficPanel *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_PANEL(self), NULL);
	return self->shown;
}

const char *sm_traffic_panel_get_figure_text(SmTrafficPanel *self, const char *key)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_PANEL(self), NULL);
	return sm_figure_grid_get(self->figure_labels, key);
}

static void sm_traffic_panel_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmTrafficPanel *self = SM_TRAFFIC_PANEL(object);
	switch (prop_id) {
	case PROP_SEGMENT_NAME: g_value_set_string(value, self->segment_name); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_traffic_panel_set_property(GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
	SmTrafficPanel *self = SM_TRAFFIC_PANEL(object);
	switch (prop_id) {
	case PROP_SEGMENT_NAME: sm_traffic_panel_set_segment_name(self, g_value_get_string(value)); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_traffic_panel_dispose(GObject *object)
{
	SmTrafficPanel *self = SM_TRAFFIC_PANEL(object);
	if (self->shown) {
		g_signal_handlers_disconnect_by_data(self->shown, self);
		g_clear_object(&self->shown);
	}
	if (self->runner) {
		sm_traffic_runner_stop(self->runner); /* children never outlive the view */
		g_clear_object(&self->runner);
	}
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_TRAFFIC_PANEL);
	G_OBJECT_CLASS(sm_traffic_panel_parent_class)->dispose(object);
}

static void sm_traffic_panel_finalize(GObject *object)
{
	SmTrafficPanel *self = SM_TRAFFIC_PANEL(object);
	g_hash_table_unref(self->figure_labels);
	g_free(self->segment_name);
	g_free(self->error_text);
	G_OBJECT_CLASS(sm_traffic_panel_parent_class)->finalize(object);
}

static void sm_traffic_panel_class_init(SmTrafficPanelClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->get_property = sm_traffic_panel_get_property;
	object_class->set_property = sm_traffic_panel_set_property;
	object_class->dispose = sm_traffic_panel_dispose;
	object_class->finalize = sm_traffic_panel_finalize;

	properties[PROP_SEGMENT_NAME] = g_param_spec_string("segment-name", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(object_class, N_PROPS, properties);

	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-traffic-panel.ui");
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, status_label);
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, producers_spin);
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, consumers_spin);
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, size_spin);
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, rate_spin);
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, fast_check);
	gtk_widget_class_bind_template_child(widget_class, SmTrafficPanel, figures);
	gtk_widget_class_install_action(widget_class, "traffic.start", NULL, action_start);
	gtk_widget_class_install_action(widget_class, "traffic.stop", NULL, action_stop);
	gtk_widget_class_install_action(widget_class, "traffic.kill-producer", NULL, action_kill_producer);
	gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
	gtk_widget_class_set_css_name(widget_class, "trafficpanel");
}

static void sm_traffic_panel_init(SmTrafficPanel *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->max_children = (guint)gtk_adjustment_get_upper(gtk_spin_button_get_adjustment(self->producers_spin));
	self->figure_labels = sm_figure_grid_fill(self->figures, figure_rows, G_N_ELEMENTS(figure_rows));
	self->runner = sm_traffic_runner_new();
	show_runner(self, self->runner);
}

GtkWidget *sm_traffic_panel_new(void)
{
	return g_object_new(SM_TYPE_TRAFFIC_PANEL, NULL);
}
