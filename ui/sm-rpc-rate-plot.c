/* sm-rpc-rate-plot.c — see sm-rpc-rate-plot.h. */
#include "sm-rpc-rate-plot.h"

#include <math.h>

#include "sm-axis.h"

struct _SmRpcRatePlot {
	GtkWidget parent_instance;
	double   *samples;
	guint     rate;     /* samples per second */
	guint     capacity; /* SM_RPC_RATE_PLOT_SECONDS * rate */
	guint     head, n;  /* next slot, samples held */
};

G_DEFINE_FINAL_TYPE(SmRpcRatePlot, sm_rpc_rate_plot, GTK_TYPE_WIDGET)

char *sm_format_rate(double v)
{
	if (v < 1000)
		return g_strdup_printf("%.0f", v);
	if (v < 1e6)
		return g_strdup_printf("%.3g k", v / 1e3);
	return g_strdup_printf("%.3g M", v / 1e6);
}

static void sm_rpc_rate_plot_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	SmRpcRatePlot *self = SM_RPC_RATE_PLOT(widget);
	int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
	if (w < 40 || h < 30)
		return;
	GdkRGBA fg;
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
	cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, w, h));
	double peak = 0;
	for (guint i = 0; i < self->n; i++)
		peak = MAX(peak, self->samples[i]);
	double ymax = peak > 0 ? sm_axis_nice_ceiling(peak) : 10;
	const double left = 8, right = w - 8, top = 20, bottom = h - 6;

	/* Grid: half and top lines, labelled. */
	cairo_set_line_width(cr, 1);
	for (int g = 0; g <= 2; g++) {
		double y = floor(bottom - (bottom - top) * g / 2.0) + 0.5;
		cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, g ? 0.15 : 0.35);
		cairo_move_to(cr, left, y);
		cairo_line_to(cr, right, y);
		cairo_stroke(cr);
	}
	g_autofree char *top_label = sm_format_rate(ymax);
	g_autofree char *now = sm_format_rate(sm_rpc_rate_plot_get_last(self));
	g_autofree char *text = g_strdup_printf("Calls/s: %s now · scale %s · last %u s", now, top_label,
					     SM_RPC_RATE_PLOT_SECONDS);
	PangoLayout *layout = gtk_widget_create_pango_layout(widget, text);
	cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.7);
	cairo_move_to(cr, left, 1);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);

	if (self->n > 1) {
		double dx = (right - left) / (self->capacity - 1);
		double x0 = right - dx * (self->n - 1);
		for (guint i = 0; i < self->n; i++) {
			double v = sm_rpc_rate_plot_get_sample(self, i);
			double x = x0 + dx * i, y = bottom - (bottom - top) * v / ymax;
			if (i == 0)
				cairo_move_to(cr, x, y);
			else
				cairo_line_to(cr, x, y);
		}
		cairo_set_source_rgba(cr, 0.15, 0.64, 0.41, 1.0); /* GNOME green 5 */
		cairo_set_line_width(cr, 2);
		cairo_stroke_preserve(cr);
		cairo_line_to(cr, right, bottom);
		cairo_line_to(cr, x0, bottom);
		cairo_close_path(cr);
		cairo_set_source_rgba(cr, 0.15, 0.64, 0.41, 0.2);
		cairo_fill(cr);
	}
	cairo_destroy(cr);
}

static void sm_rpc_rate_plot_measure(GtkWidget *widget, GtkOrientation o, int for_size, int *min,
				     int *nat, int *min_base, int *nat_base)
{
	*min = o == GTK_ORIENTATION_HORIZONTAL ? 200 : 100;
	*nat = o == GTK_ORIENTATION_HORIZONTAL ? 360 : 130;
}

static void sm_rpc_rate_plot_finalize(GObject *object)
{
	g_free(SM_RPC_RATE_PLOT(object)->samples);
	G_OBJECT_CLASS(sm_rpc_rate_plot_parent_class)->finalize(object);
}

static void sm_rpc_rate_plot_class_init(SmRpcRatePlotClass *klass)
{
	GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
	G_OBJECT_CLASS(klass)->finalize = sm_rpc_rate_plot_finalize;
	wc->snapshot = sm_rpc_rate_plot_snapshot;
	wc->measure = sm_rpc_rate_plot_measure;
	gtk_widget_class_set_css_name(wc, "rpc-rate-plot");
	gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void sm_rpc_rate_plot_init(SmRpcRatePlot *self)
{
	sm_rpc_rate_plot_set_rate(self, 4);
	gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
				       "Calls per second, last 60 seconds", -1);
}

GtkWidget *sm_rpc_rate_plot_new(void)
{
	return g_object_new(SM_TYPE_RPC_RATE_PLOT, NULL);
}

void sm_rpc_rate_plot_push(SmRpcRatePlot *self, double calls_per_s)
{
	self->samples[self->head] = calls_per_s;
	self->head = (self->head + 1) % self->capacity;
	if (self->n < self->capacity)
		self->n++;
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_rpc_rate_plot_clear(SmRpcRatePlot *self)
{
	self->n = 0;
	self->head = 0;
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* Resampling keeps the time span: the samples held cover (n - 1) / rate
 * seconds, and each new slot takes the old sample nearest its age. */
void sm_rpc_rate_plot_set_rate(SmRpcRatePlot *self, guint per_second)
{
	per_second = MAX(per_second, 1);
	if (per_second == self->rate)
		return;
	guint capacity = SM_RPC_RATE_PLOT_SECONDS * per_second;
	double *resampled = g_new0(double, capacity);
	guint n = 0;
	if (self->n) {
		n = MIN(capacity, (guint)((guint64)(self->n - 1) * per_second / self->rate) + 1);
		for (guint j = 0; j < n; j++) {
			/* the age of new slot j, in old samples, rounded */
			guint64 age = ((guint64)(n - 1 - j) * self->rate + per_second / 2) / per_second;
			resampled[j] = sm_rpc_rate_plot_get_sample(self, self->n - 1 - (guint)MIN(age, self->n - 1));
		}
	}
	g_free(self->samples);
	self->samples = resampled;
	self->rate = per_second;
	self->capacity = capacity;
	self->n = n;
	self->head = n % capacity;
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

guint sm_rpc_rate_plot_get_n_samples(SmRpcRatePlot *self)
{
	return self->n;
}

double sm_rpc_rate_plot_get_sample(SmRpcRatePlot *self, guint i)
{
	if (i >= self->n)
		return 0;
	return self->samples[(self->head + self->capacity - self->n + i) % self->capacity];
}

double sm_rpc_rate_plot_get_last(SmRpcRatePlot *self)
{
	return self->n ? sm_rpc_rate_plot_get_sample(self, self->n - 1) : 0;
}
