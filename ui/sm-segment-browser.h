/* sm-segment-browser.h — the list of segments on the left of the window:
 * a sortable column view over an SmSegmentStore, with a search filter.
 * Broken and foreign files are rows too, with their reason; stale
 * segments are marked. */
#pragma once

#include <gtk/gtk.h>

#include "sm-segment-store.h"

G_BEGIN_DECLS

#define SM_TYPE_SEGMENT_BROWSER (sm_segment_browser_get_type())
G_DECLARE_FINAL_TYPE(SmSegmentBrowser, sm_segment_browser, SM, SEGMENT_BROWSER, GtkWidget)

void sm_segment_browser_set_store(SmSegmentBrowser *self, SmSegmentStore *store);

/* Properties "selected-item" (SmSegmentItem, notifies when the selection
 * moves to another item) and "selected-name". */
SmSegmentItem *sm_segment_browser_get_selected_item(SmSegmentBrowser *self);
const char *sm_segment_browser_get_selected_name(SmSegmentBrowser *self);

/* Select `name`, clearing the search if it hides it; FALSE if unknown. */
gboolean sm_segment_browser_select(SmSegmentBrowser *self, const char *name);

/* The model as shown (filtered and sorted). */
GListModel *sm_segment_browser_get_model(SmSegmentBrowser *self);

/* Sort by the column titled `title` ("Name", "Size", "Age", ...), as a
 * click on its header does.  FALSE if there is no such column. */
gboolean sm_segment_browser_sort_by(SmSegmentBrowser *self, const char *title, GtkSortType order);

void sm_segment_browser_set_search(SmSegmentBrowser *self, const char *text);
void sm_segment_browser_focus_search(SmSegmentBrowser *self);

G_END_DECLS
