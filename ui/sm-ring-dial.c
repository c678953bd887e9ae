/* sm-ring-dial.c — see sm-ring-dial.h. */
#include "sm-ring-dial.h"

#include <math.h>

#define GLIDE_US (200 * 1000)   /* marker glide duration */
#define MAX_DRAWN 256           /* larger rings are drawn as arcs of groups */
#define MARKER_R 11             /* radius of the P and C markers */
#define MARKER_GAP 16           /* from a node's edge to a marker's centre */

struct _SmRingDial {
	GtkWidget parent_instance;
	guint8 *states;
	guint n;
	guint64 write_pos, read_pos;
	int highlight;
	/* Marker angles as fractions of a turn: shown, glide start, target. */
	double w_shown, w_from, w_to;
	double r_shown, r_from, r_to;
	gint64 glide_start;
	gint64 last_move_us; /* when the positions last changed */
	guint tick;
};

G_DEFINE_FINAL_TYPE(SmRingDial, sm_ring_dial, GTK_TYPE_WIDGET)

/* By enum sm_node_state: free, writing, ready, reading, abandoned. */
static const char *colors[] = { "#9a9996", "#f57900", "#2ec27e", "#3584e4", "#e01b24" };
static const char *names[] = { "free", "being written", "ready", "being read", "abandoned" };
#define N_STATES 5

const char *sm_ring_dial_state_color(guint state)
{
	return colors[state < N_STATES ? state : 0];
}

const char *sm_ring_dial_state_name(guint state)
{
	return state < N_STATES ? names[state] : "unknown";
}

guint sm_ring_dial_get_n_nodes(SmRingDial *self)
{
	g_return_val_if_fail(SM_IS_RING_DIAL(self), 0);
	return self->n;
}

guint sm_ring_dial_get_state(SmRingDial *self, guint i)
{
	g_return_val_if_fail(SM_IS_RING_DIAL(self), 0);
	return i < self->n ? self->states[i] : 0;
}

gboolean sm_ring_dial_is_animating(SmRingDial *self)
{
	g_return_val_if_fail(SM_IS_RING_DIAL(self), FALSE);
	return self->tick != 0;
}

/* `turns` wrapped into [0, 1): fmod keeps the sign, so a negative
 * position needs the second turn. */
static double wrap_turn(double turns)
{
	return fmod(fmod(turns, 1.0) + 1.0, 1.0);
}

/* Forward from `from` to `to` (fractions of a turn): positions only grow,
 * so a marker never goes back, even where that is the shorter way. */
static double forward(double from, double to)
{
	return from + wrap_turn(to - from);
}

void sm_ring_dial_get_markers(SmRingDial *self, double *write_turn, double *read_turn)
{
	g_return_if_fail(SM_IS_RING_DIAL(self));
	if (write_turn)
		*write_turn = wrap_turn(self->w_shown);
	if (read_turn)
		*read_turn = wrap_turn(self->r_shown);
}

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
	SmRingDial *self = SM_RING_DIAL(widget);
	double t = (double)(gdk_frame_clock_get_frame_time(clock) - self->glide_start) / GLIDE_US;
	t = CLAMP(t, 0.0, 1.0);
	double e = 1 - (1 - t) * (1 - t); /* ease out */
	self->w_shown = self->w_from + (self->w_to - self->w_from) * e;
	self->r_shown = self->r_from + (self->r_to - self->r_from) * e;
	gtk_widget_queue_draw(widget);
	if (t >= 1.0) {
		self->tick = 0;
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

/* Move the markers to w and r; each glides (forward) if asked to, or
 * jumps there. */
static void glide_to(SmRingDial *self, double w, double r, gboolean glide_w, gboolean glide_r)
{
	self->w_from = self->w_shown;
	self->r_from = self->r_shown;
	self->w_to = forward(self->w_shown, w);
	self->r_to = forward(self->r_shown, r);
	if (!glide_w)
		self->w_from = self->w_shown = self->w_to = w;
	if (!glide_r)
		self->r_from = self->r_shown = self->r_to = r;
	if ((!glide_w && !glide_r) || !gtk_widget_get_mapped(GTK_WIDGET(self))) {
		/* Nothing to animate (or off screen): jump. */
		self->w_shown = self->w_to;
		self->r_shown = self->r_to;
		return;
	}
	GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(self));
	self->glide_start = clock ? gdk_frame_clock_get_frame_time(clock) : g_get_monotonic_time();
	if (!self->tick)
		self->tick = gtk_widget_add_tick_callback(GTK_WIDGET(self), on_tick, NULL, NULL);
}

void sm_ring_dial_set_nodes(SmRingDial *self, const guint8 *states, guint n,
			    guint64 write_pos, guint64 read_pos)
{
	g_return_if_fail(SM_IS_RING_DIAL(self));
	guint old_n = self->n;
	gboolean changed = n != self->n || write_pos != self->write_pos || read_pos != self->read_pos;
	if (n != self->n) {
		g_free(self->states);
		self->states = g_new0(guint8, MAX(n, 1));
		self->n = n;
	}
	if (!changed && n && memcmp(self->states, states, n) != 0)
		changed = TRUE;
	if (!changed)
		return;
	if (n)
		memcpy(self->states, states, n);
	gboolean new_ring = n != old_n;
	guint64 dw = write_pos - self->write_pos, dr = read_pos - self->read_pos;
	gboolean moved = dw != 0 || dr != 0;
	self->write_pos = write_pos;
	self->read_pos = read_pos;
	if ((moved || new_ring) && n) {
		/* A marker glides over the nodes it passed when the eye can
		 * follow that: less than a lap forward, the last move a glide
		 * ago or more (a step, a slow ring).  Otherwise (a busy ring
		 * sampled several times a second, another ring) it jumps, so
		 * that it always stands at the node the states were read with
		 * instead of chasing it between them. */
		gint64 now = g_get_monotonic_time();
		gboolean calm = !new_ring && now - self->last_move_us >= GLIDE_US;
		self->last_move_us = new_ring ? 0 : now; /* appearing is no move */
		glide_to(self, (double)(write_pos % n) / n, (double)(read_pos % n) / n,
			 calm && dw < n, calm && dr < n);
	}
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_ring_dial_set_highlight(SmRingDial *self, int index)
{
	g_return_if_fail(SM_IS_RING_DIAL(self));
	if (self->highlight == index)
		return;
	self->highlight = index;
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_ring_dial_clear(SmRingDial *self)
{
	g_return_if_fail(SM_IS_RING_DIAL(self));
	g_clear_pointer(&self->states, g_free);
	self->n = 0;
	self->highlight = -1;
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* The state drawn for group g of `per` nodes: the busiest one in it. */
static guint group_state(SmRingDial *self, guint g, guint per)
{
	/* free < ready < reading < writing < abandoned */
	static const int rank[N_STATES] = { 0, 3, 1, 2, 4 };
	guint best = 0;
	for (guint i = g * per; i < MIN((g + 1) * per, self->n); i++)
		if (self->states[i] < N_STATES && rank[self->states[i]] > rank[best])
			best = self->states[i];
	return best;
}

static void draw_marker(cairo_t *cr, double cx, double cy, double radius, double turn,
			const char *rgb, const char *text, PangoLayout *layout)
{
	double a = turn * 2 * G_PI - G_PI / 2;
	double x = cx + cos(a) * radius, y = cy + sin(a) * radius;
	GdkRGBA c;
	gdk_rgba_parse(&c, rgb);
	gdk_cairo_set_source_rgba(cr, &c);
	cairo_arc(cr, x, y, MARKER_R, 0, 2 * G_PI);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	pango_layout_set_text(layout, text, -1);
	int w, h;
	pango_layout_get_pixel_size(layout, &w, &h);
	cairo_move_to(cr, x - w / 2.0, y - h / 2.0);
	pango_cairo_show_layout(cr, layout);
}

static void sm_ring_dial_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	SmRingDial *self = SM_RING_DIAL(widget);
	double w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
	double cx = w / 2, cy = h / 2, half = MIN(w, h) / 2, radius = half - 40;
	if (radius < 20)
		return;
	GdkRGBA fg;
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
	G_GNUC_END_IGNORE_DEPRECATIONS
	cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
	PangoLayout *layout = gtk_widget_create_pango_layout(widget, NULL);

	if (self->n == 0) {
		gdk_cairo_set_source_rgba(cr, &(GdkRGBA){ fg.red, fg.green, fg.blue, 0.3f });
		cairo_set_line_width(cr, 2);
		cairo_arc(cr, cx, cy, radius, 0, 2 * G_PI);
		cairo_stroke(cr);
		goto out;
	}

	guint per = (self->n + MAX_DRAWN - 1) / MAX_DRAWN;
	guint groups = (self->n + per - 1) / per;
	double step = 2 * G_PI / groups;
	/* Small rings: a numbered disc per node; large ones: arc segments. */
	double node_r = MIN(radius * sin(step / 2) * 0.85, 26);
	gboolean discs = groups <= 48 && node_r >= 6;
	if (discs && radius + node_r + MARKER_GAP + MARKER_R + 2 > half) {
		/* Room for the producer marker outside the top and bottom nodes. */
		radius = half - node_r - MARKER_GAP - MARKER_R - 2;
		node_r = MIN(radius * sin(step / 2) * 0.85, 26);
	}
	for (guint g = 0; g < groups; g++) {
		GdkRGBA c;
		gdk_rgba_parse(&c, sm_ring_dial_state_color(group_state(self, g, per)));
		gdk_cairo_set_source_rgba(cr, &c);
		double a = g * step - G_PI / 2;
		if (discs) {
			double x = cx + cos(a) * radius, y = cy + sin(a) * radius;
			cairo_arc(cr, x, y, node_r, 0, 2 * G_PI);
			cairo_fill(cr);
			if (self->highlight == (int)g) {
				gdk_cairo_set_source_rgba(cr, &fg);
				cairo_set_line_width(cr, 3);
				cairo_arc(cr, x, y, node_r + 4, 0, 2 * G_PI);
				cairo_stroke(cr);
			}
			if (node_r >= 10) {
				char num[16];
				g_snprintf(num, sizeof num, "%u", g);
				pango_layout_set_text(layout, num, -1);
				int tw, th;
				pango_layout_get_pixel_size(layout, &tw, &th);
				cairo_set_source_rgb(cr, 1, 1, 1);
				cairo_move_to(cr, x - tw / 2.0, y - th / 2.0);
				pango_cairo_show_layout(cr, layout);
			}
		} else {
			cairo_set_line_width(cr, 18);
			cairo_arc(cr, cx, cy, radius, a - step / 2 + 0.002, a + step / 2 - 0.002);
			cairo_stroke(cr);
		}
	}
	/* Producer marker outside the ring, consumer marker inside. */
	double off = discs ? node_r + MARKER_GAP : 26;
	draw_marker(cr, cx, cy, radius + off, self->w_shown, "#c64600", "P", layout);
	draw_marker(cr, cx, cy, radius - off, self->r_shown, "#1c71d8", "C", layout);

	char *center = g_strdup_printf("%u nodes", self->n);
	pango_layout_set_text(layout, center, -1);
	g_free(center);
	int tw, th;
	pango_layout_get_pixel_size(layout, &tw, &th);
	gdk_cairo_set_source_rgba(cr, &fg);
	cairo_move_to(cr, cx - tw / 2.0, cy - th / 2.0);
	pango_cairo_show_layout(cr, layout);
out:
	g_object_unref(layout);
	cairo_destroy(cr);
}

static void sm_ring_dial_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
				 int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
	*minimum = 200;
	*natural = 360;
}

static void sm_ring_dial_finalize(GObject *object)
{
	SmRingDial *self = SM_RING_DIAL(object);
	g_free(self->states);
	G_OBJECT_CLASS(sm_ring_dial_parent_class)->finalize(object);
}

static void sm_ring_dial_class_init(SmRingDialClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	G_OBJECT_CLASS(klass)->finalize = sm_ring_dial_finalize;
	widget_class->snapshot = sm_ring_dial_snapshot;
	widget_class->measure = sm_ring_dial_measure;
	gtk_widget_class_set_css_name(widget_class, "ringdial");
	gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void sm_ring_dial_init(SmRingDial *self)
{
	self->highlight = -1;
	gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
				       "Ring nodes coloured by state, with producer and consumer positions", -1);
}

GtkWidget *sm_ring_dial_new(void)
{
	return g_object_new(SM_TYPE_RING_DIAL, NULL);
}
