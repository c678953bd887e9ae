/* sm-window.h — the workbench's main window: segment browser on the left,
 * the views of the selected segment on the right.  See sm-window.c for the
 * view contract. */
#pragma once

#include <gtk/gtk.h>

#include "sm-application.h"
#include "sm-segment-browser.h"

G_BEGIN_DECLS

#define SM_TYPE_WINDOW (sm_window_get_type())
G_DECLARE_FINAL_TYPE(SmWindow, sm_window, SM, WINDOW, GtkApplicationWindow)

SmWindow *sm_window_new(SmApplication *app);

/* Remember the window's size in GSettings ("window-width", "window-height")
 * for the next start: on closing it, and on app.quit, which destroys it. */
void sm_window_save_size(SmWindow *self);

/* Select segment `name` in the browser (clearing the search if it hides
 * it).  FALSE if there is no such segment. */
gboolean sm_window_select_segment(SmWindow *self, const char *name);
/* The selected segment's name, or NULL. */
const char *sm_window_get_segment_name(SmWindow *self);

/* Show the view page `name` ("header", "monitor", ...).  FALSE if unknown. */
gboolean sm_window_show_view(SmWindow *self, const char *name);
/* The view widget of page `name`, or NULL. */
GtkWidget *sm_window_get_view(SmWindow *self, const char *name);

SmSegmentBrowser *sm_window_get_browser(SmWindow *self);
GtkStack *sm_window_get_stack(SmWindow *self);

/* The open remove-confirmation dialog, if any (for tests). */
GtkWindow *sm_window_get_confirm_dialog(SmWindow *self);

G_END_DECLS
