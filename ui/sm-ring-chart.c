/* sm-ring-chart.c — see sm-ring-chart.h. */
#include "sm-ring-chart.h"

#include <math.h>

#include "sm-axis.h"

#define WINDOW_S   60.0   /* seconds visible */
#define PAD_LEFT   64.0
#define PAD_RIGHT  12.0
#define PAD_TOP    22.0
#define PAD_BOTTOM 22.0
#define Y_LINES    4
#define TOP_LINE_GAP 12.0 /* least space between the title and the readout */
#define NEAREST_SAMPLE_PX 8.0 /* how far from the pointer a sample is "under" it */

struct _SmRingChart {
	GtkWidget parent_instance;
	SmSampleSeries *series;
	gulong handler, dropped_handler;
	SmChartQuantity quantity;
	/* Pre-normalised points, 0..1 (x: time within the window, y: value /
	 * y_max), refreshed when a sample arrives. */
	float *xs, *ys;
	guint n_points, cap_points;
	double y_max;
	double hover_x;        /* < 0: pointer not over the chart */
	char *hover_text;
	/* What the last frame showed (see shows_change()). */
	gboolean drawn_valid;
	guint64 drawn_newest_ns;
	float drawn_newest_y;
	double drawn_y_max;
	/* The axes as drawn last, and what they were drawn for. */
	GskRenderNode *axes;
	double axes_w, axes_h, axes_y_max;
	GdkRGBA axes_fg;
	SmAxisLabel time_labels[4]; /* "−60 s" .. "now", those drawn */
	guint n_time_labels;
	double title_end, readout_start; /* the top line as drawn last; 0: not drawn */
};

G_DEFINE_FINAL_TYPE(SmRingChart, sm_ring_chart, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SERIES, PROP_QUANTITY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const struct {
	const char *title, *unit;
	GdkRGBA color;
} quantity_info[] = {
	[SM_CHART_OCCUPANCY] = { "Occupancy", "nodes", { 0.21, 0.52, 0.89, 1 } },
	[SM_CHART_MESSAGES]  = { "Throughput", "msg/s", { 0.18, 0.76, 0.49, 1 } },
	[SM_CHART_MEGABYTES] = { "Throughput", "MB/s", { 0.96, 0.47, 0.0, 1 } },
};

char *sm_format_si(double v)
{
	static const char *prefix[] = { "", " k", " M", " G", " T" };
	int i = 0;
	while (fabs(v) >= 1000.0 && i < 4) {
		v /= 1000.0;
		i++;
	}
	return g_strdup_printf("%.3g%s", v, prefix[i]);
}

double sm_ring_chart_value(SmChartQuantity q, const SmSample *s)
{
	switch (q) {
	case SM_CHART_OCCUPANCY: return s->occupancy;
	case SM_CHART_MESSAGES:  return s->messages_per_s;
	case SM_CHART_MEGABYTES: return s->bytes_per_s / 1e6;
	}
	return 0;
}


static void renormalise(SmRingChart *self)
{
	guint n = self->series ? sm_sample_series_get_n_samples(self->series) : 0;
	if (n > self->cap_points) {
		self->cap_points = n;
		self->xs = g_renew(float, self->xs, n);
		self->ys = g_renew(float, self->ys, n);
	}
	self->n_points = n;
	if (n == 0) {
		self->y_max = 1; /* not the last ring's node count */
		return;
	}
	const SmSample *last = sm_sample_series_get_latest(self->series);
	double vmax = 0;
	for (guint i = 0; i < n; i++)
		vmax = MAX(vmax, sm_ring_chart_value(self->quantity, sm_sample_series_get(self->series, i)));
	self->y_max = self->quantity == SM_CHART_OCCUPANCY && last->node_count
		? last->node_count : sm_axis_nice_ceiling(vmax * 1.05);
	for (guint i = 0; i < n; i++) {
		const SmSample *s = sm_sample_series_get(self->series, i);
		double age = (double)(last->time_ns - s->time_ns) / 1e9;
		self->xs[i] = (float)(1.0 - age / WINDOW_S);
		self->ys[i] = (float)(sm_ring_chart_value(self->quantity, s) / self->y_max);
	}
}

static void update_hover(SmRingChart *self)
{
	g_clear_pointer(&self->hover_text, g_free);
	if (self->hover_x >= 0)
		self->hover_text = sm_ring_chart_describe_at(self, self->hover_x);
}

/* Whether the samples now differ from what was drawn last by a pixel or
 * more: the newest point, the time axis (how far the plot scrolled), the
 * y range or the number of points. */
static gboolean shows_change(SmRingChart *self)
{
	double pw = gtk_widget_get_width(GTK_WIDGET(self)) - PAD_LEFT - PAD_RIGHT;
	double ph = gtk_widget_get_height(GTK_WIDGET(self)) - PAD_TOP - PAD_BOTTOM;
	const SmSample *last = self->series ? sm_sample_series_get_latest(self->series) : NULL;
	if (!last || pw <= 0 || ph <= 0 || !self->drawn_valid || self->n_points < 2 ||
	    self->drawn_y_max != self->y_max)
		return TRUE;
	double scrolled = (double)(last->time_ns - self->drawn_newest_ns) / 1e9 / WINDOW_S * pw;
	double dy = (self->ys[self->n_points - 1] - self->drawn_newest_y) * ph;
	return scrolled >= 1.0 || dy >= 1.0 || dy <= -1.0;
}

static void on_sample_added(SmRingChart *self)
{
	renormalise(self);
	update_hover(self);
	/* A sample that moves nothing by a pixel is not worth a frame. */
	if (shows_change(self))
		gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* Samples gone (a clear, a smaller capacity): the lines drawn for them
 * go too, whether or not the newest point moved. */
static void on_samples_dropped(SmRingChart *self)
{
	renormalise(self);
	update_hover(self);
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_ring_chart_set_series(SmRingChart *self, SmSampleSeries *series)
{
	g_return_if_fail(SM_IS_RING_CHART(self));
	if (self->series == series)
		return;
	if (self->series) {
		g_clear_signal_handler(&self->handler, self->series);
		g_clear_signal_handler(&self->dropped_handler, self->series);
		g_clear_object(&self->series);
	}
	if (series) {
		self->series = g_object_ref(series);
		self->handler = g_signal_connect_swapped(series, "sample-added",
							 G_CALLBACK(on_sample_added), self);
		self->dropped_handler = g_signal_connect_swapped(series, "samples-dropped",
								 G_CALLBACK(on_samples_dropped), self);
	}
	on_sample_added(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SERIES]);
}

SmSampleSeries *sm_ring_chart_get_series(SmRingChart *self)
{
	g_return_val_if_fail(SM_IS_RING_CHART(self), NULL);
	return self->series;
}

void sm_ring_chart_set_quantity(SmRingChart *self, SmChartQuantity quantity)
{
	g_return_if_fail(SM_IS_RING_CHART(self));
	g_return_if_fail(quantity <= SM_CHART_MEGABYTES);
	if (self->quantity == quantity)
		return;
	self->quantity = quantity;
	g_clear_pointer(&self->axes, gsk_render_node_unref);
	char *label = g_strdup_printf("%s chart (%s) over the last 60 seconds",
				      quantity_info[quantity].title, quantity_info[quantity].unit);
	gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
	g_free(label);
	on_sample_added(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_QUANTITY]);
}

SmChartQuantity sm_ring_chart_get_quantity(SmRingChart *self)
{
	g_return_val_if_fail(SM_IS_RING_CHART(self), 0);
	return self->quantity;
}

char *sm_ring_chart_describe_at(SmRingChart *self, double x)
{
	g_return_val_if_fail(SM_IS_RING_CHART(self), NULL);
	/* The series may have been cleared since the points were placed (a
	 * clear adds no sample, so the chart hears nothing of it). */
	guint n = self->series ? MIN(self->n_points, sm_sample_series_get_n_samples(self->series)) : 0;
	if (n == 0)
		return NULL;
	double w = gtk_widget_get_width(GTK_WIDGET(self)) - PAD_LEFT - PAD_RIGHT;
	double fx = w > 0 ? (x - PAD_LEFT) / w : 1.0;
	guint best = 0;
	for (guint i = 1; i < n; i++)
		if (fabs(self->xs[i] - fx) < fabs(self->xs[best] - fx))
			best = i;
	const SmSample *s = sm_sample_series_get(self->series, best);
	const SmSample *last = sm_sample_series_get_latest(self->series);
	/* Over a stretch with no sample (before the monitor started, or while
	 * it was paused) the nearest one may be a minute away: say so rather
	 * than give its value as the one at the pointer. */
	if (w > 0 && fabs(self->xs[best] - fx) * w > NEAREST_SAMPLE_PX)
		return g_strdup_printf("no sample at −%.1f s", MAX(0.0, (1.0 - fx) * WINDOW_S));
	char *v = sm_format_si(sm_ring_chart_value(self->quantity, s));
	char *text = g_strdup_printf("%s %s at −%.1f s", v, quantity_info[self->quantity].unit,
				     (double)(last->time_ns - s->time_ns) / 1e9);
	g_free(v);
	return text;
}

guint sm_ring_chart_get_time_labels(SmRingChart *self, const SmAxisLabel **labels)
{
	*labels = self->time_labels;
	return self->n_time_labels;
}

void sm_ring_chart_get_top_line(SmRingChart *self, double *title_end, double *readout_start)
{
	*title_end = self->title_end;
	*readout_start = self->readout_start;
}

const char *sm_ring_chart_get_hover_text(SmRingChart *self)
{
	g_return_val_if_fail(SM_IS_RING_CHART(self), NULL);
	return self->hover_text;
}

static void append_text(GtkSnapshot *snapshot, GtkWidget *widget, const char *text,
			double x, double y, double align_x, const GdkRGBA *color)
{
	PangoLayout *layout = gtk_widget_create_pango_layout(widget, text);
	int w, h;
	pango_layout_get_pixel_size(layout, &w, &h);
	gtk_snapshot_save(snapshot);
	gtk_snapshot_translate(snapshot, &GRAPHENE_POINT_INIT((float)(x - w * align_x), (float)(y - h / 2.0)));
	gtk_snapshot_append_layout(snapshot, layout, color);
	gtk_snapshot_restore(snapshot);
	g_object_unref(layout);
}

static int text_width(GtkWidget *widget, const char *text)
{
	PangoLayout *layout = gtk_widget_create_pango_layout(widget, text);
	int w;
	pango_layout_get_pixel_size(layout, &w, NULL);
	g_object_unref(layout);
	return w;
}

static void append_rect(GtkSnapshot *snapshot, const GdkRGBA *c, double x, double y, double w, double h)
{
	gtk_snapshot_append_color(snapshot, c, &GRAPHENE_RECT_INIT((float)x, (float)y, (float)w, (float)h));
}

/* The grid and the axis labels: they change only with the size,
 * the y range or the style, so they are kept as one render node. */
static GskRenderNode *build_axes(SmRingChart *self, double width, double height, const GdkRGBA *fg)
{
	GtkWidget *widget = GTK_WIDGET(self);
	double pw = width - PAD_LEFT - PAD_RIGHT, ph = height - PAD_TOP - PAD_BOTTOM;
	GdkRGBA dim = *fg, grid = *fg;
	dim.alpha *= 0.6f;
	grid.alpha *= 0.15f;
	GtkSnapshot *snapshot = gtk_snapshot_new();
	for (int i = 0; i <= Y_LINES; i++)
		append_rect(snapshot, &grid, PAD_LEFT, floor(PAD_TOP + ph * i / Y_LINES), pw, 1);
	for (int t = 0; t <= 60; t += 10)
		append_rect(snapshot, &grid, floor(PAD_LEFT + pw * t / WINDOW_S), PAD_TOP, 1, ph);
	for (int i = 0; i <= Y_LINES; i++) {
		char *v = sm_format_si(self->y_max * (Y_LINES - i) / Y_LINES);
		append_text(snapshot, widget, v, PAD_LEFT - 6, PAD_TOP + ph * i / Y_LINES, 1.0, &dim);
		g_free(v);
	}
	/* Narrow, "−60 s−40 s" would run together: leave out what touches. */
	SmAxisLabel labels[G_N_ELEMENTS(self->time_labels)];
	double x0[G_N_ELEMENTS(labels)], x1[G_N_ELEMENTS(labels)], align[G_N_ELEMENTS(labels)];
	gboolean show[G_N_ELEMENTS(labels)];
	guint n = 0;
	for (int t = 0; t <= 60; t += 20, n++) {
		g_snprintf(labels[n].text, sizeof labels[n].text, t == 60 ? "now" : "−%d s", 60 - t);
		align[n] = t == 60 ? 1.0 : t == 0 ? 0.0 : 0.5;
		int w = text_width(widget, labels[n].text);
		x0[n] = labels[n].x0 = PAD_LEFT + pw * t / WINDOW_S - w * align[n];
		x1[n] = labels[n].x1 = x0[n] + w;
	}
	sm_axis_fit_labels(x0, x1, n, 8, show);
	self->n_time_labels = 0;
	for (guint i = 0; i < n; i++) {
		if (!show[i])
			continue;
		append_text(snapshot, widget, labels[i].text, labels[i].x0, height - PAD_BOTTOM / 2, 0.0, &dim);
		self->time_labels[self->n_time_labels++] = labels[i];
	}
	return gtk_snapshot_free_to_node(snapshot);
}

/* The title, left, and the hover readout, right ("0.25 MB/s at −4.1 s").
 * Where the two would run together (a narrow chart) the readout takes
 * the title's place: it names the unit too. */
static void append_top_line(SmRingChart *self, GtkSnapshot *snapshot, double pw, const GdkRGBA *fg)
{
	GtkWidget *widget = GTK_WIDGET(self);
	gboolean hovering = self->hover_text && self->hover_x >= PAD_LEFT && self->hover_x <= PAD_LEFT + pw;
	char *title = g_strdup_printf("%s (%s)", quantity_info[self->quantity].title,
				      quantity_info[self->quantity].unit);
	double title_end = PAD_LEFT + text_width(widget, title);
	double readout_start = hovering ? MAX(PAD_LEFT, PAD_LEFT + pw - text_width(widget, self->hover_text)) : 0;
	self->title_end = hovering && readout_start < title_end + TOP_LINE_GAP ? 0 : title_end;
	self->readout_start = readout_start;
	if (self->title_end)
		append_text(snapshot, widget, title, PAD_LEFT, PAD_TOP / 2, 0, fg);
	if (hovering)
		append_text(snapshot, widget, self->hover_text, readout_start, PAD_TOP / 2, 0, fg);
	g_free(title);
}

static void sm_ring_chart_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	SmRingChart *self = SM_RING_CHART(widget);
	double width = gtk_widget_get_width(widget), height = gtk_widget_get_height(widget);
	double pw = width - PAD_LEFT - PAD_RIGHT, ph = height - PAD_TOP - PAD_BOTTOM;
	if (pw <= 0 || ph <= 0)
		return;
	GdkRGBA fg;
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
	G_GNUC_END_IGNORE_DEPRECATIONS
	if (!self->axes || self->axes_w != width || self->axes_h != height ||
	    self->axes_y_max != self->y_max || !gdk_rgba_equal(&self->axes_fg, &fg)) {
		g_clear_pointer(&self->axes, gsk_render_node_unref);
		self->axes = build_axes(self, width, height, &fg);
		self->axes_w = width;
		self->axes_h = height;
		self->axes_y_max = self->y_max;
		self->axes_fg = fg;
	}
	if (self->axes)
		gtk_snapshot_append_node(snapshot, self->axes);

	const SmSample *newest = self->series ? sm_sample_series_get_latest(self->series) : NULL;
	self->drawn_valid = newest != NULL && self->n_points > 1;
	if (self->drawn_valid) {
		self->drawn_newest_ns = newest->time_ns;
		self->drawn_newest_y = self->ys[self->n_points - 1];
		self->drawn_y_max = self->y_max;
	}
	if (self->n_points > 1) {
		/* Only a multiply per point: values are already 0..1.  The line
		 * alone (no fill): fewer pixels to touch on each sample. */
		const GdkRGBA *line = &quantity_info[self->quantity].color;
		cairo_t *cr = gtk_snapshot_append_cairo(snapshot,
			&GRAPHENE_RECT_INIT((float)PAD_LEFT, (float)PAD_TOP - 2, (float)pw, (float)ph + 4));
		for (guint i = 0; i < self->n_points; i++) {
			/* No line across a pause: the first sample after it starts
			 * afresh (and has no rate of its own to draw). */
			const SmSample *s = sm_sample_series_get(self->series, i);
			if (s->after_gap)
				cairo_new_sub_path(cr);
			if (s->after_gap && self->quantity != SM_CHART_OCCUPANCY)
				continue;
			cairo_line_to(cr, PAD_LEFT + self->xs[i] * pw, PAD_TOP + ph - self->ys[i] * ph);
		}
		gdk_cairo_set_source_rgba(cr, line);
		cairo_set_line_width(cr, 1.5);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(cr);
		cairo_destroy(cr);
	}
	append_top_line(self, snapshot, pw, &fg);
	if (self->hover_x >= PAD_LEFT && self->hover_x <= PAD_LEFT + pw) {
		GdkRGBA dim = fg;
		dim.alpha *= 0.6f;
		append_rect(snapshot, &dim, floor(self->hover_x), PAD_TOP, 1, ph);
	}
	if (self->n_points == 0) {
		GdkRGBA dim = fg;
		dim.alpha *= 0.6f;
		append_text(snapshot, widget, "No samples yet", PAD_LEFT + pw / 2, PAD_TOP + ph / 2, 0.5, &dim);
	}
}

static void sm_ring_chart_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
				  int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
	*minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 110;
	*natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 150;
}

void sm_ring_chart_point_at(SmRingChart *self, double x)
{
	g_return_if_fail(SM_IS_RING_CHART(self));
	self->hover_x = x < 0 ? -1 : x;
	update_hover(self);
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void on_motion(GtkEventControllerMotion *c, double x, double y, SmRingChart *self)
{
	sm_ring_chart_point_at(self, x);
}

static void on_leave(GtkEventControllerMotion *c, SmRingChart *self)
{
	sm_ring_chart_point_at(self, -1);
}

static void sm_ring_chart_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmRingChart *self = SM_RING_CHART(object);
	switch (prop_id) {
	case PROP_SERIES: g_value_set_object(value, self->series); break;
	case PROP_QUANTITY: g_value_set_int(value, self->quantity); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_ring_chart_set_property(GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
	SmRingChart *self = SM_RING_CHART(object);
	switch (prop_id) {
	case PROP_SERIES: sm_ring_chart_set_series(self, g_value_get_object(value)); break;
	case PROP_QUANTITY: sm_ring_chart_set_quantity(self, g_value_get_int(value)); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_ring_chart_dispose(GObject *object)
{
	sm_ring_chart_set_series(SM_RING_CHART(object), NULL);
	G_OBJECT_CLASS(sm_ring_chart_parent_class)->dispose(object);
}

static void sm_ring_chart_finalize(GObject *object)
{
	SmRingChart *self = SM_RING_CHART(object);
	g_free(self->xs);
	g_free(self->ys);
	g_free(self->hover_text);
	g_clear_pointer(&self->axes, gsk_render_node_unref);
	G_OBJECT_CLASS(sm_ring_chart_parent_class)->finalize(object);
}

static void sm_ring_chart_class_init(SmRingChartClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->get_property = sm_ring_chart_get_property;
	object_class->set_property = sm_ring_chart_set_property;
	object_class->dispose = sm_ring_chart_dispose;
	object_class->finalize = sm_ring_chart_finalize;
	widget_class->snapshot = sm_ring_chart_snapshot;
	widget_class->measure = sm_ring_chart_measure;

	properties[PROP_SERIES] = g_param_spec_object("series", NULL, NULL, SM_TYPE_SAMPLE_SERIES,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	properties[PROP_QUANTITY] = g_param_spec_int("quantity", NULL, NULL, 0, SM_CHART_MEGABYTES, 0,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(object_class, N_PROPS, properties);
	gtk_widget_class_set_css_name(widget_class, "ringchart");
	gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void sm_ring_chart_init(SmRingChart *self)
{
	self->hover_x = -1;
	self->y_max = 1;
	self->quantity = -1; /* so the first set_quantity labels it */
	GtkEventController *motion = gtk_event_controller_motion_new();
	g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
	g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
	gtk_widget_add_controller(GTK_WIDGET(self), motion);
	sm_ring_chart_set_quantity(self, SM_CHART_OCCUPANCY);
}

GtkWidget *sm_ring_chart_new(SmChartQuantity quantity)
{
	return g_object_new(SM_TYPE_RING_CHART, "quantity", quantity, NULL);
}
