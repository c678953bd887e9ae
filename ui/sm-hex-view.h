/* sm-hex-view.h — a hex dump of a few hundred bytes (a segment header),
 * 16 bytes a row with offsets and ASCII, where a byte range can be
 * highlighted.  Emits "hover" with the byte offset under the pointer
 * (-1 when the pointer leaves the bytes). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SM_TYPE_HEX_VIEW (sm_hex_view_get_type())
G_DECLARE_FINAL_TYPE(SmHexView, sm_hex_view, SM, HEX_VIEW, GtkWidget)

GtkWidget *sm_hex_view_new(void);
/* Show `bytes` (NULL clears); offsets shown start at 0. */
void sm_hex_view_set_bytes(SmHexView *self, GBytes *bytes);
/* Highlight [offset, offset + size); size 0 clears. */
void sm_hex_view_set_highlight(SmHexView *self, guint offset, guint size);
void sm_hex_view_get_highlight(SmHexView *self, guint *offset, guint *size);
/* The centre of byte `offset`'s hex cell (ascii FALSE) or ASCII cell, in
 * widget coordinates.  FALSE if there is no such byte. */
gboolean sm_hex_view_byte_position(SmHexView *self, guint offset, gboolean ascii, double *x, double *y);
/* The byte offset at widget coordinates (x, y), or -1. */
int sm_hex_view_offset_at(SmHexView *self, double x, double y);

G_END_DECLS
