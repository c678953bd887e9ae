/* ringui-test.h — helpers for the ring views' GTK tests: skip without a
 * display, show a widget in a window, run the main loop until a condition
 * holds, and save screenshots in the build directory. */
#ifndef RINGUI_TEST_H
#define RINGUI_TEST_H

#include <gtk/gtk.h>

#include "../testlib.h"

/* gtk_init_check() or exit 77 (skip). */
void rt_init(void);
/* A window of w x h showing `child`, presented. */
GtkWidget *rt_window(GtkWidget *child, int w, int h);
/* Run the main loop for ms milliseconds. */
void rt_iterate(int ms);
/* Run the main loop until cond(data) is TRUE or timeout_ms passes;
 * returns the last cond(). */
gboolean rt_wait(gboolean (*cond)(gpointer), gpointer data, int timeout_ms);
/* Draw `widget` into <build dir>/<file> (a PNG); fails the test if it
 * cannot.  Returns the path (g_free it). */
char *rt_screenshot(GtkWidget *widget, const char *file);
/* Activate a widget action by name; fails the test if it does not exist. */
void rt_action(GtkWidget *widget, const char *action, GVariant *param);

#endif
