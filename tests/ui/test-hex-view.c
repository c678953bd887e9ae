/* The hex view's ASCII column: a pointer on a character finds that
 * character's byte, and a highlight covers it.  Its column was counted
 * one cell left of where the characters are drawn (the gap after the
 * eighth byte was left out), so pointing at a byte's character found the
 * byte after it and the highlight sat half on the character before.
 * Checked against the pixels: the only character drawn in the ASCII
 * column is where sm_hex_view_byte_position() says byte 5 is.
 * Screenshot: hex-view. */
#include <string.h>

#include "ringui-test.h"
#include "sm-hex-view.h"

/* The middle of the drawn pixels (opaque enough: the highlight is not,
 * the view draws no background) right of `x0` in the band y0..y1. */
static double ink_middle(GdkTexture *texture, double x0, double y0, double y1)
{
	int w = gdk_texture_get_width(texture), h = gdk_texture_get_height(texture);
	g_autofree guchar *px = g_malloc((gsize)w * h * 4);
	gdk_texture_download(texture, px, (gsize)w * 4);
	int lo = -1, hi = -1;
	for (int y = MAX((int)y0, 0); y < MIN((int)y1, h); y++)
		for (int x = (int)x0; x < w; x++) {
			if (px[((gsize)y * w + x) * 4 + 3] > 160) { /* alpha */
				lo = lo < 0 || x < lo ? x : lo;
				hi = MAX(hi, x);
			}
		}
	CHECK(lo >= 0);
	return (lo + hi + 1) / 2.0;
}

int main(void)
{
	rt_init();
	guint8 bytes[32];
	memset(bytes, ' ', sizeof bytes);
	bytes[5] = 'W';
	g_autoptr(GBytes) b = g_bytes_new(bytes, sizeof bytes);
	GtkWidget *hex = sm_hex_view_new();
	sm_hex_view_set_bytes(SM_HEX_VIEW(hex), b);
	sm_hex_view_set_highlight(SM_HEX_VIEW(hex), 5, 1);
	rt_window(hex, 600, 100);
	ui_screenshot(hex, "hex-view");

	double x5, y, x15, x0, y_;
	CHECK(sm_hex_view_byte_position(SM_HEX_VIEW(hex), 5, TRUE, &x5, &y));
	CHECK(sm_hex_view_byte_position(SM_HEX_VIEW(hex), 15, FALSE, &x15, &y_));
	CHECK(sm_hex_view_byte_position(SM_HEX_VIEW(hex), 0, TRUE, &x0, &y_));
	double cell = (x5 - x0) / 5; /* one character */
	g_autofree char *path = g_strdup_printf("%s/hex-view.png", g_getenv("SM_SCREENSHOT_DIR"));
	g_autoptr(GdkTexture) shot = gdk_texture_new_from_filename(path, NULL);
	CHECK(shot != NULL);
	/* Right of the last hex digit of row 0: only the 'W'. */
	double w = ink_middle(shot, x15 + 1.5 * cell, y - cell, y + cell);
	fprintf(stderr, "'W' drawn at x %.1f, byte 5's character said to be at %.1f (cell %.1f)\n", w, x5, cell);
	CHECK(w > x5 - cell / 2 && w < x5 + cell / 2);
	CHECK_EQ(sm_hex_view_offset_at(SM_HEX_VIEW(hex), w, y), 5);
	return T_EXIT_PASS;
}
