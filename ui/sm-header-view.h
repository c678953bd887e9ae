/* sm-header-view.h — the "header" page: every header field of the
 * selected segment (sm_header_fields(): offset, size, name, decoded
 * value, kind parameters included) and a hex view of the 256 header bytes
 * where the field under the pointer is highlighted.  Reads the header
 * with sm_segment_stat() (pread, never a mapping) and re-reads it once a
 * second while shown. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SM_TYPE_HEADER_VIEW (sm_header_view_get_type())
G_DECLARE_FINAL_TYPE(SmHeaderView, sm_header_view, SM, HEADER_VIEW, GtkWidget)

/* Property "segment-name" (see the view contract in sm-window.c). */
void sm_header_view_set_segment_name(SmHeaderView *self, const char *name);
const char *sm_header_view_get_segment_name(SmHeaderView *self);

/* Re-read the header now. */
void sm_header_view_reload(SmHeaderView *self);

/* The decoded fields shown (SmFieldItem). */
GListModel *sm_header_view_get_fields(SmHeaderView *self);
/* The value text of field `name` ("creator_pid") as shown, or NULL. */
const char *sm_header_view_get_field_value(SmHeaderView *self, const char *name);

/* The hex view (SmHexView). */
GtkWidget *sm_header_view_get_hex_view(SmHeaderView *self);

/* Highlight the field containing byte `offset` as if the pointer were
 * there (-1 clears); returns the field's name or NULL. */
const char *sm_header_view_hover(SmHeaderView *self, int offset);
/* The "Keep it after the workbench quits" check button (shown for
 * segments this workbench created). */
GtkWidget *sm_header_view_get_keep_button(SmHeaderView *self);

/* The byte range highlighted in the hex view (size 0: none). */
void sm_header_view_get_highlight(SmHeaderView *self, guint *offset, guint *size);

G_END_DECLS
