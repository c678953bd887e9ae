/* ringui-test.h — for the ring views' tests, which show one view (or
 * two) in a plain window rather than the whole application: skip without
 * a display, a window, actions by name.  Waiting and screenshots come
 * from uitest.h. */
#ifndef RINGUI_TEST_H
#define RINGUI_TEST_H

#include <gtk/gtk.h>

#include "sm-ring-monitor.h"
#include "sm-ring-picture.h"
#include "sm-traffic-panel.h"
#include "sm-traffic-runner.h"
#include "uitest.h"

/* gtk_init_check() or exit 77 (skip). */
void rt_init(void);
/* A window of w x h showing `child`, presented and drawn once. */
GtkWidget *rt_window(GtkWidget *child, int w, int h);
/* A ring monitor watching `ring_name`, alone in a 900 x 700 window
 * (*win, for the caller to destroy). */
SmRingMonitor *rt_monitor_window(const char *ring_name, GtkWidget **win);
/* A traffic page for `ring_name`, alone in a w x h window (*win). */
SmTrafficPanel *rt_traffic_window(const char *ring_name, int w, int h, GtkWidget **win);
/* A ring picture in teaching mode, alone in a w x h window (*win), its
 * teacher in *teacher; the teaching ring is removed at exit. */
SmRingPicture *rt_teaching_window(int w, int h, GtkWidget **win, SmRingTeacher **teacher);
/* A new traffic runner running `config` on ring `name` (fails the test
 * if it cannot start); g_object_unref() it. */
SmTrafficRunner *rt_traffic_run(const char *name, const SmTrafficConfig *config);
/* The pid of one of the runner's running consumers (its command line
 * says "consume"), or 0. */
GPid rt_consumer_pid(SmTrafficRunner *runner);
/* Press the teaching picture's Step and wait (up to 5 s) until the step
 * is done: the producer-death steps end after the call. */
void rt_step(SmRingPicture *picture);
/* Activate a widget action by name; fails the test if it does not exist
 * or is disabled. */
void rt_action(GtkWidget *widget, const char *action);

#endif
