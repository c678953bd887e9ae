/* sm-segment-item.h — one row of the segment list: a GObject over a
 * struct sm_segment_info, with display properties the list's cells bind
 * to.  Updated in place on each refresh (only changed properties notify),
 * so selections and bindings survive refreshes. */
#pragma once

#include <glib-object.h>

#include "sharedmem.h"

G_BEGIN_DECLS

#define SM_TYPE_SEGMENT_ITEM (sm_segment_item_get_type())
G_DECLARE_FINAL_TYPE(SmSegmentItem, sm_segment_item, SM, SEGMENT_ITEM, GObject)

SmSegmentItem *sm_segment_item_new(const struct sm_segment_info *info, gint64 now_ns);
/* Take the new summary; notifies the properties whose text changed.
 * Returns whether anything but the age changed (what sorts and filters). */
gboolean sm_segment_item_update(SmSegmentItem *self, const struct sm_segment_info *info, gint64 now_ns);

const struct sm_segment_info *sm_segment_item_get_info(SmSegmentItem *self);
const char *sm_segment_item_get_name(SmSegmentItem *self);
gboolean sm_segment_item_get_broken(SmSegmentItem *self);
/* Another user's segment this user may not read (not broken). */
gboolean sm_segment_item_get_private(SmSegmentItem *self);
gboolean sm_segment_item_get_stale(SmSegmentItem *self);

/* How old something made at `created_ns` is at `now_ns` (realtime
 * nanoseconds), as the CLI shows it too (sm_age_text()): "3h02m", "in the
 * future". */
char *sm_format_age(guint64 created_ns, gint64 now_ns);
/* sm_size_text() (as the CLI shows sizes), g_free() it. */
char *sm_format_size(guint64 bytes);
/* The exact count beside or under a sm_format_size() text ("51609600
 * bytes"), for who needs every digit.  g_free() it. */
char *sm_format_exact_bytes(guint64 bytes);
/* Text from a file or a process (a segment's name or label), for a label
 * or a filter, as the CLI shows it (sm_shown_text()).  NULL for NULL.
 * Free with g_free(). */
char *sm_format_text(const char *raw);
/* A segment's name as shown: sm_format_text(), but the file named just
 * "sm." (listed with the empty name) as its path, "/dev/shm/sm.", which
 * no name can be mistaken for (none holds a '/').  g_free() it. */
char *sm_format_name(const char *name);
/* sm_format_name() in quotes, “NAME”: how a sentence names a segment
 * ("Cannot serve “NAME”: …").  g_free() it. */
char *sm_quote_name(const char *name);

G_END_DECLS
