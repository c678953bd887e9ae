/* sm-hex-view.c — see sm-hex-view.h.  Drawn in snapshot() with one Pango
 * layout per row; the highlight is a rounded rectangle behind the bytes. */
#include "sm-hex-view.h"

#define BYTES_PER_ROW 16
#define PAD 6

struct _SmHexView {
	GtkWidget parent_instance;
	GBytes *bytes;
	guint hl_offset, hl_size;
	int char_w, line_h; /* monospace cell, measured */
};

G_DEFINE_FINAL_TYPE(SmHexView, sm_hex_view, GTK_TYPE_WIDGET)

enum { SIGNAL_HOVER, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Columns: "00f0  " then "xx " per byte (an extra space after 8), then ASCII. */
#define HEX_COL0 6
static int byte_col(int i) { return HEX_COL0 + i * 3 + (i >= 8); }
#define ASCII_COL0 (HEX_COL0 + BYTES_PER_ROW * 3 + 1 + 2) /* after the gap at 8 and two spaces */
#define ROW_CHARS (ASCII_COL0 + BYTES_PER_ROW)

static PangoLayout *new_layout(SmHexView *self, const char *text)
{
	PangoLayout *layout = gtk_widget_create_pango_layout(GTK_WIDGET(self), text);
	PangoFontDescription *font = pango_font_description_from_string("Monospace 9");
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	return layout;
}

static void measure_cell(SmHexView *self)
{
	if (self->char_w)
		return;
	g_autoptr(PangoLayout) layout = new_layout(self, "0123456789abcdef");
	int w, h;
	pango_layout_get_pixel_size(layout, &w, &h);
	self->char_w = MAX(1, (w + 15) / 16);
	self->line_h = MAX(1, h + 2);
}

static guint n_rows(SmHexView *self)
{
	gsize n = self->bytes ? g_bytes_get_size(self->bytes) : 0;
	return (guint)((n + BYTES_PER_ROW - 1) / BYTES_PER_ROW);
}

static void sm_hex_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
				int *natural, int *minimum_baseline, int *natural_baseline)
{
	SmHexView *self = SM_HEX_VIEW(widget);
	measure_cell(self);
	if (orientation == GTK_ORIENTATION_HORIZONTAL)
		*minimum = *natural = 2 * PAD + ROW_CHARS * self->char_w;
	else
		*minimum = *natural = 2 * PAD + (int)MAX(n_rows(self), 1) * self->line_h;
}

static gboolean in_highlight(SmHexView *self, guint off)
{
	return self->hl_size && off >= self->hl_offset && off < self->hl_offset + self->hl_size;
}

static void append_box(GtkSnapshot *snapshot, int x, int y, int w, int h, const GdkRGBA *color)
{
	GskRoundedRect r;
	gsk_rounded_rect_init_from_rect(&r, &GRAPHENE_RECT_INIT(x, y, w, h), 3);
	gtk_snapshot_push_rounded_clip(snapshot, &r);
	gtk_snapshot_append_color(snapshot, color, &GRAPHENE_RECT_INIT(x, y, w, h));
	gtk_snapshot_pop(snapshot);
}

static void sm_hex_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	SmHexView *self = SM_HEX_VIEW(widget);
	if (!self->bytes)
		return;
	measure_cell(self);
	gsize size;
	const guint8 *data = g_bytes_get_data(self->bytes, &size);
	GtkStyleContext *style = gtk_widget_get_style_context(widget);
	GdkRGBA fg, hl, dim;
	gtk_style_context_get_color(style, &fg);
	if (!gtk_style_context_lookup_color(style, "accent_bg_color", &hl) &&
	    !gtk_style_context_lookup_color(style, "theme_selected_bg_color", &hl))
		gdk_rgba_parse(&hl, "#3584e4");
	hl.alpha = 0.35f;
	dim = fg;
	dim.alpha = 0.55f;

	for (guint row = 0; row < n_rows(self); row++) {
		int y = PAD + (int)row * self->line_h;
		guint base = row * BYTES_PER_ROW;
		/* Highlight runs: hex cells and ASCII cells of highlighted bytes. */
		for (int i = 0; i < BYTES_PER_ROW && base + (guint)i < size; i++) {
			if (!in_highlight(self, base + (guint)i))
				continue;
			int j = i;
			while (j + 1 < BYTES_PER_ROW && base + (guint)j + 1 < size && in_highlight(self, base + (guint)j + 1))
				j++;
			int x0 = PAD + byte_col(i) * self->char_w - self->char_w / 2;
			int x1 = PAD + (byte_col(j) + 2) * self->char_w + self->char_w / 2;
			append_box(snapshot, x0, y, x1 - x0, self->line_h, &hl);
			append_box(snapshot, PAD + (ASCII_COL0 + i) * self->char_w, y, (j - i + 1) * self->char_w,
				   self->line_h, &hl);
			i = j;
		}
		char off[16];
		g_snprintf(off, sizeof off, "%04x", base);
		g_autoptr(PangoLayout) off_layout = new_layout(self, off);
		gtk_snapshot_save(snapshot);
		gtk_snapshot_translate(snapshot, &GRAPHENE_POINT_INIT(PAD, y + 1));
		gtk_snapshot_append_layout(snapshot, off_layout, &dim);
		gtk_snapshot_restore(snapshot);

		GString *line = g_string_new(NULL);
		for (int i = 0; i < BYTES_PER_ROW; i++) {
			if (i == 8)
				g_string_append_c(line, ' ');
			if (base + (guint)i < size)
				g_string_append_printf(line, "%02x ", data[base + (guint)i]);
			else
				g_string_append(line, "   ");
		}
		g_string_append(line, "  ");
		for (int i = 0; i < BYTES_PER_ROW && base + (guint)i < size; i++) {
			guint8 c = data[base + (guint)i];
			g_string_append_c(line, c >= 0x20 && c < 0x7f ? (char)c : '.');
		}
		g_autoptr(PangoLayout) layout = new_layout(self, line->str);
		g_string_free(line, TRUE);
		gtk_snapshot_save(snapshot);
		gtk_snapshot_translate(snapshot, &GRAPHENE_POINT_INIT(PAD + HEX_COL0 * self->char_w, y + 1));
		gtk_snapshot_append_layout(snapshot, layout, &fg);
		gtk_snapshot_restore(snapshot);
	}
}

gboolean sm_hex_view_byte_position(SmHexView *self, guint offset, gboolean ascii, double *x, double *y)
{
	measure_cell(self);
	if (!self->bytes || offset >= g_bytes_get_size(self->bytes))
		return FALSE;
	int row = (int)(offset / BYTES_PER_ROW), i = (int)(offset % BYTES_PER_ROW);
	double col = ascii ? ASCII_COL0 + i + 0.5 : byte_col(i) + 1.0;
	*x = PAD + col * self->char_w;
	*y = PAD + (row + 0.5) * self->line_h;
	return TRUE;
}

int sm_hex_view_offset_at(SmHexView *self, double x, double y)
{
	if (!self->bytes || !self->char_w)
		return -1;
	int row = (int)((y - PAD) / self->line_h);
	int col = (int)((x - PAD) / self->char_w);
	if (y < PAD || row < 0 || (guint)row >= n_rows(self))
		return -1;
	int i = -1;
	if (col >= ASCII_COL0 && col < ASCII_COL0 + BYTES_PER_ROW) {
		i = col - ASCII_COL0;
	} else {
		for (int k = 0; k < BYTES_PER_ROW; k++)
			if (col >= byte_col(k) && col < byte_col(k) + 3)
				i = k;
	}
	if (i < 0)
		return -1;
	gsize off = (gsize)row * BYTES_PER_ROW + (gsize)i;
	return off < g_bytes_get_size(self->bytes) ? (int)off : -1;
}

static void on_motion(GtkEventControllerMotion *motion, double x, double y, SmHexView *self)
{
	g_signal_emit(self, signals[SIGNAL_HOVER], 0, sm_hex_view_offset_at(self, x, y));
}

static void on_leave(GtkEventControllerMotion *motion, SmHexView *self)
{
	g_signal_emit(self, signals[SIGNAL_HOVER], 0, -1);
}

void sm_hex_view_set_bytes(SmHexView *self, GBytes *bytes)
{
	if (bytes == self->bytes || (bytes && self->bytes && g_bytes_equal(bytes, self->bytes)))
		return;
	gboolean resize = !bytes || !self->bytes || g_bytes_get_size(bytes) != g_bytes_get_size(self->bytes);
	g_clear_pointer(&self->bytes, g_bytes_unref);
	self->bytes = bytes ? g_bytes_ref(bytes) : NULL;
	if (resize)
		gtk_widget_queue_resize(GTK_WIDGET(self));
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_hex_view_set_highlight(SmHexView *self, guint offset, guint size)
{
	if (offset == self->hl_offset && size == self->hl_size)
		return;
	self->hl_offset = offset;
	self->hl_size = size;
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

void sm_hex_view_get_highlight(SmHexView *self, guint *offset, guint *size)
{
	*offset = self->hl_offset;
	*size = self->hl_size;
}

static void sm_hex_view_css_changed(GtkWidget *widget, GtkCssStyleChange *change)
{
	SM_HEX_VIEW(widget)->char_w = 0; /* font may have changed: measure again */
	GTK_WIDGET_CLASS(sm_hex_view_parent_class)->css_changed(widget, change);
	gtk_widget_queue_resize(widget);
}

static void sm_hex_view_finalize(GObject *object)
{
	g_clear_pointer(&SM_HEX_VIEW(object)->bytes, g_bytes_unref);
	G_OBJECT_CLASS(sm_hex_view_parent_class)->finalize(object);
}

static void sm_hex_view_class_init(SmHexViewClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->finalize = sm_hex_view_finalize;
	widget_class->measure = sm_hex_view_measure;
	widget_class->snapshot = sm_hex_view_snapshot;
	widget_class->css_changed = sm_hex_view_css_changed;
	signals[SIGNAL_HOVER] = g_signal_new("hover", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					     NULL, G_TYPE_NONE, 1, G_TYPE_INT);
	gtk_widget_class_set_css_name(widget_class, "hexview");
	gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void sm_hex_view_init(SmHexView *self)
{
	GtkEventController *motion = gtk_event_controller_motion_new();
	g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
	g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
	gtk_widget_add_controller(GTK_WIDGET(self), motion);
	gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
				       "Header bytes in hexadecimal", -1);
}

GtkWidget *sm_hex_view_new(void)
{
	return g_object_new(SM_TYPE_HEX_VIEW, NULL);
}
