/* sm-rpc-histogram.c — see sm-rpc-histogram.h. */
#include "sm-rpc-histogram.h"

#include <math.h>
#include <string.h>

#include "sm-axis.h"

/* Decades on the time axis: 1 ns to beyond 2^64 ns is 20. */
#define MAX_TICKS 24

struct _SmRpcHistogram {
	GtkWidget parent_instance;
	guint     n;
	guint64  *counts, *lo, *hi;
	guint64   total, marks[4];
	guint64   max_limit; /* marks[3] unknown: sm_rpc_hist_max_limit_ns() */
	SmHistogramTick ticks[MAX_TICKS]; /* the time labels last drawn */
	guint     n_ticks;
};

G_DEFINE_FINAL_TYPE(SmRpcHistogram, sm_rpc_histogram, GTK_TYPE_WIDGET)

static const char *const mark_names[4] = { "p50", "p90", "p99", "max" };

char *sm_format_ns(guint64 ns)
{
	if (ns < 1000)
		return g_strdup_printf("%" G_GUINT64_FORMAT " ns", ns);
	if (ns < 1000000)
		return g_strdup_printf("%.3g µs", (double)ns / 1e3);
	if (ns < 1000000000)
		return g_strdup_printf("%.3g ms", (double)ns / 1e6);
	return g_strdup_printf("%.3g s", (double)ns / 1e9);
}

static void set_color(cairo_t *cr, const GdkRGBA *c, double alpha)
{
	cairo_set_source_rgba(cr, c->red, c->green, c->blue, c->alpha * alpha);
}

/* Draw `text` with its left edge at x - width * align; returns its width. */
static double draw_text(GtkWidget *w, cairo_t *cr, double x, double y, const char *text,
			double align)
{
	PangoLayout *layout = gtk_widget_create_pango_layout(w, text);
	int tw, th;
	pango_layout_get_pixel_size(layout, &tw, &th);
	if (cr) {
		cairo_move_to(cr, x - tw * align, y);
		pango_cairo_show_layout(cr, layout);
	}
	g_object_unref(layout);
	return tw;
}

static void sm_rpc_histogram_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	SmRpcHistogram *self = SM_RPC_HISTOGRAM(widget);
	int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
	self->n_ticks = 0;
	if (w < 40 || h < 40)
		return;
	GdkRGBA fg;
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
	const GdkRGBA bar = { 0.21, 0.52, 0.89, 1.0 };   /* GNOME blue 3 */
	const GdkRGBA mark = { 0.90, 0.38, 0.0, 1.0 };   /* orange 4 */
	cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, w, h));
	const double left = 8, right = w - 8, top = 8, bottom = h - 22;

	set_color(cr, &fg, 0.35);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, left, bottom + 0.5);
	cairo_line_to(cr, right, bottom + 0.5);
	cairo_stroke(cr);

	if (self->total == 0) {
		set_color(cr, &fg, 0.6);
		draw_text(widget, cr, w / 2.0, h / 2.0 - 8, "No successful calls", 0.5);
		cairo_destroy(cr);
		return;
	}
	/* The x range: decades around the occupied buckets. */
	guint first = 0, last = 0;
	guint64 peak = 0;
	for (guint i = 0; i < self->n; i++) {
		if (!self->counts[i])
			continue;
		if (!peak)
			first = i;
		last = i;
		peak = MAX(peak, self->counts[i]);
	}
	double lx0 = floor(log10(MAX(self->lo[first], 10))), lx1;
	guint64 top_ns = self->hi[last] == G_MAXUINT64 ? self->lo[last] * 2 : self->hi[last];
	lx1 = ceil(log10((double)MAX(top_ns, self->marks[3])));
	if (lx1 <= lx0)
		lx1 = lx0 + 1;
#define X(ns) (left + (right - left) * (log10(MAX((double)(ns), 1.0)) - lx0) / (lx1 - lx0))
	double ly = log10(1.0 + (double)peak);

	set_color(cr, &bar, 0.85);
	for (guint i = first; i <= last; i++) {
		if (!self->counts[i])
			continue;
		double x0 = X(MAX(self->lo[i], 1)), x1 = X(self->hi[i] == G_MAXUINT64 ? top_ns : self->hi[i]);
		double bh = (bottom - top) * log10(1.0 + (double)self->counts[i]) / ly;
		cairo_rectangle(cr, x0, bottom - bh, MAX(x1 - x0 - 0.5, 1.0), bh);
	}
	cairo_fill(cr);

	/* Decade ticks with their times; a time that would run into the one
	 * before it is left out (its tick stays). */
	SmHistogramTick ticks[MAX_TICKS];
	double tx0[MAX_TICKS], tx1[MAX_TICKS];
	gboolean show[MAX_TICKS];
	guint nt = 0;
	for (double d = lx0; d <= lx1 && nt < MAX_TICKS; d += 1, nt++) {
		double x = X(pow(10, d));
		set_color(cr, &fg, 0.35);
		cairo_move_to(cr, x + 0.5, bottom);
		cairo_line_to(cr, x + 0.5, bottom + 4);
		cairo_stroke(cr);
		g_autofree char *t = sm_format_ns((guint64)pow(10, d));
		g_strlcpy(ticks[nt].text, t, sizeof ticks[nt].text);
		double align = d == lx0 ? 0 : d == lx1 ? 1 : 0.5;
		double tw = draw_text(widget, NULL, 0, 0, t, 0);
		tx0[nt] = ticks[nt].x0 = x - tw * align;
		tx1[nt] = ticks[nt].x1 = tx0[nt] + tw;
	}
	sm_axis_fit_labels(tx0, tx1, nt, 6, show);
	set_color(cr, &fg, 0.7);
	for (guint i = 0; i < nt; i++) {
		if (!show[i])
			continue;
		draw_text(widget, cr, ticks[i].x0, bottom + 4, ticks[i].text, 0);
		self->ticks[self->n_ticks++] = ticks[i];
	}
	/* Percentile markers, labels staggered so they do not overlap. */
	for (int m = 0; m < 4; m++) {
		if (!self->marks[m])
			continue;
		double x = X(self->marks[m]);
		set_color(cr, &mark, 0.9);
		cairo_move_to(cr, floor(x) + 0.5, top);
		cairo_line_to(cr, floor(x) + 0.5, bottom);
		cairo_stroke(cr);
		gboolean at_right = x > right - 40;
		draw_text(widget, cr, at_right ? x - 3 : x + 3, top + m * 15, mark_names[m], at_right ? 1 : 0);
	}
#undef X
	cairo_destroy(cr);
}

static void sm_rpc_histogram_measure(GtkWidget *widget, GtkOrientation o, int for_size, int *min,
				     int *nat, int *min_base, int *nat_base)
{
	*min = o == GTK_ORIENTATION_HORIZONTAL ? 200 : 140;
	*nat = o == GTK_ORIENTATION_HORIZONTAL ? 360 : 180;
}

static void sm_rpc_histogram_finalize(GObject *object)
{
	SmRpcHistogram *self = SM_RPC_HISTOGRAM(object);
	g_free(self->counts);
	g_free(self->lo);
	g_free(self->hi);
	G_OBJECT_CLASS(sm_rpc_histogram_parent_class)->finalize(object);
}

static void sm_rpc_histogram_class_init(SmRpcHistogramClass *klass)
{
	GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
	G_OBJECT_CLASS(klass)->finalize = sm_rpc_histogram_finalize;
	wc->snapshot = sm_rpc_histogram_snapshot;
	wc->measure = sm_rpc_histogram_measure;
	gtk_widget_class_set_css_name(wc, "rpc-histogram");
	gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void sm_rpc_histogram_init(SmRpcHistogram *self)
{
	gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
				       "Latency histogram", -1);
}

GtkWidget *sm_rpc_histogram_new(void)
{
	return g_object_new(SM_TYPE_RPC_HISTOGRAM, NULL);
}

void sm_rpc_histogram_set_buckets(SmRpcHistogram *self, const SmLatencyBuckets *b)
{
	guint n = b ? b->n : 0;
	if (n != self->n) {
		self->n = n;
		self->counts = g_renew(guint64, self->counts, n);
		self->lo = g_renew(guint64, self->lo, n);
		self->hi = g_renew(guint64, self->hi, n);
	}
	self->total = 0;
	self->max_limit = b ? b->max_limit_ns : 0;
	memset(self->marks, 0, sizeof self->marks);
	if (b) {
		memcpy(self->counts, b->counts, n * sizeof(guint64));
		memcpy(self->lo, b->lo, n * sizeof(guint64));
		memcpy(self->hi, b->hi, n * sizeof(guint64));
		self->total = sm_latency_buckets_total(b);
		self->marks[0] = sm_latency_percentile(b, 50);
		self->marks[1] = sm_latency_percentile(b, 90);
		self->marks[2] = sm_latency_percentile(b, 99);
		/* No max marker without the exact max: the top bucket's midpoint
		 * could be below it. */
		self->marks[3] = b->max_ns;
	}
	g_autofree char *desc = NULL;
	if (self->total) {
		g_autofree char *p50 = sm_format_ns(self->marks[0]);
		g_autofree char *p99 = sm_format_ns(self->marks[2]);
		desc = g_strdup_printf("%" G_GUINT64_FORMAT " calls, p50 %s, p99 %s", self->total, p50, p99);
	}
	gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
				       desc ? desc : "no calls", -1);
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_rpc_histogram_set_marks(SmRpcHistogram *self, const guint64 marks[4])
{
	memcpy(self->marks, marks, sizeof self->marks);
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

guint sm_rpc_histogram_get_axis_labels(SmRpcHistogram *self, const SmHistogramTick **ticks)
{
	*ticks = self->ticks;
	return self->n_ticks;
}

guint64 sm_rpc_histogram_get_total(SmRpcHistogram *self)
{
	return self->total;
}

void sm_rpc_histogram_get_marks(SmRpcHistogram *self, guint64 marks[4])
{
	memcpy(marks, self->marks, sizeof self->marks);
}

char *sm_rpc_histogram_get_max_text(SmRpcHistogram *self)
{
	if (self->marks[3])
		return sm_format_ns(self->marks[3]);
	if (!self->max_limit)
		return g_strdup("—");
	/* The open last bucket has no limit: the max is at least its start. */
	gboolean open = self->max_limit == UINT64_MAX;
	g_autofree char *t =
		sm_format_ns(open ? sm_rpc_hist_bucket_limit_ns(SM_RPC_HIST_BUCKETS - 2) : self->max_limit);
	return g_strdup_printf("%s %s", open ? "≥" : "<", t);
}
