/* sm-segment-store.h — a GListModel of SmSegmentItem: every library
 * segment on the machine (sm_segment_list()), sorted by name.
 *
 * Refreshes by itself: a GFileMonitor on /dev/shm catches segments
 * appearing and disappearing, and a periodic refresh (once a second)
 * catches what no file event reports (owners dying, processes attaching,
 * ages).  Items are updated in place. */
#pragma once

#include <gio/gio.h>

#include "sm-segment-item.h"

G_BEGIN_DECLS

#define SM_TYPE_SEGMENT_STORE (sm_segment_store_get_type())
G_DECLARE_FINAL_TYPE(SmSegmentStore, sm_segment_store, SM, SEGMENT_STORE, GObject)

SmSegmentStore *sm_segment_store_new(void);

/* Re-read the segment list now (synchronously).  Emits items-changed for
 * what appeared or vanished and updates the rest in place.  Returns 0 or
 * the -errno of sm_segment_list(). */
int sm_segment_store_refresh(SmSegmentStore *self);

/* The last refresh's -errno (0: the list is current): property "error",
 * notified when it changes, so the list can say it is out of date. */
int sm_segment_store_get_error(SmSegmentStore *self);

/* The item called `name`, or NULL (no reference added). */
SmSegmentItem *sm_segment_store_find(SmSegmentStore *self, const char *name, guint *position);

/* Periodic refresh interval in ms (default 1000; 0 stops it). */
void sm_segment_store_set_interval(SmSegmentStore *self, guint interval_ms);

G_END_DECLS
