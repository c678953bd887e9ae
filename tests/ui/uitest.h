/* uitest.h — helpers for the workbench's GUI tests (tests/ui/).
 *
 * ui_run() starts the real SmApplication with g_application_run() and
 * calls the test body from inside its main loop once the window is up;
 * the body drives the app through its actions and waits with
 * ui_wait()/ui_iterate() (nested main-loop iterations).  When the body
 * returns, the app quits normally, so shutdown (removing owned segments)
 * runs as it does for a user.  No display: exit 77 (skipped). */
#ifndef SM_UITEST_H
#define SM_UITEST_H

#include <gtk/gtk.h>

#include "sm-application.h"
#include "sm-window.h"
#include "testlib.h"

/* Run `body` inside the application; returns its exit status (0 pass). */
int ui_run(int (*body)(SmApplication *app, SmWindow *win, void *data), void *data,
	   int argc, const char *const *argv);

/* ui_run() of `sharedmem-workbench --demo` with demo segments of its own
 * (their suffix t_name(tag)), removed at exit; *ring names its ring. */
int ui_run_demo(int (*body)(SmApplication *app, SmWindow *win, void *data), const char *tag,
		char **ring);

/* Select `segment` in the list (refreshed first), show its page `view`
 * (e.g. "traffic") and let it settle for 500 ms; the page's widget. */
GtkWidget *ui_show_view_of(SmWindow *win, const char *segment, const char *view);

/* Spin the main loop for `ms` milliseconds. */
void ui_iterate(int ms);
/* Spin until cond(data) or timeout_ms; returns the last cond(). */
gboolean ui_wait(gboolean (*cond)(gpointer data), gpointer data, int timeout_ms);

/* Save `widget` as <build dir>/screenshots/<name>.png and check the file. */
void ui_screenshot(GtkWidget *widget, const char *name);

/* The window fits a space `width` pixels wide (a screen, a tiled half):
 * its least width and its width (once a new default size has reached
 * the window, 3 s at most) are within it; screenshot `name` (a frame
 * drawn first). */
void ui_check_fits_width(SmWindow *win, int width, const char *name);

/* Activate a window or app action with a string (or no) parameter. */
void ui_action(SmWindow *win, const char *action, const char *string_param);
/* The same for any widget's actions; fails the test if the action is
 * unknown or disabled (as a click on a disabled button does nothing). */
void ui_widget_action(GtkWidget *widget, const char *action, const char *string_param);
/* Activate it if it is known and enabled: whether it was. */
gboolean ui_try_widget_action(GtkWidget *widget, const char *action, const char *string_param);

/* The first widget under `root` (itself first, then depth first) for which
 * `match` holds, or NULL. */
typedef gboolean (*UiWidgetMatch)(GtkWidget *w, gconstpointer data);
GtkWidget *ui_find_widget(GtkWidget *root, UiWidgetMatch match, gconstpointer data);

/* The first toplevel of `type` other than the main window, or NULL. */
GtkWindow *ui_find_toplevel(GType type);

#endif
