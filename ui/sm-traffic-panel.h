/* sm-traffic-panel.h — the "traffic" view: start and stop producers and
 * consumers (child processes) on the ring named by "segment-name", with
 * message size, rate limit and verification; live messages/s and
 * lost/duplicated/corrupted counts; a "kill a producer" button.
 *
 * Actions: traffic.start (with the settings shown), traffic.stop (graceful:
 * sm_traffic_runner_finish), traffic.kill-producer. */
#pragma once

#include <gtk/gtk.h>

#include "sm-traffic-runner.h"

G_BEGIN_DECLS

#define SM_TYPE_TRAFFIC_PANEL (sm_traffic_panel_get_type())
G_DECLARE_FINAL_TYPE(SmTrafficPanel, sm_traffic_panel, SM, TRAFFIC_PANEL, GtkWidget)

GtkWidget *sm_traffic_panel_new(void);
void sm_traffic_panel_set_segment_name(SmTrafficPanel *self, const char *name);
const char *sm_traffic_panel_get_segment_name(SmTrafficPanel *self);
/* Set what traffic.start will use: `rate` messages/s per producer, 0 = as
 * fast as possible. */
void sm_traffic_panel_configure(SmTrafficPanel *self, guint producers, guint consumers,
				guint size, guint rate);
/* The runner shown: the view's own, or the one found running on the ring
 * when it was selected (the demo's); Stop and Kill act on it. */
SmTrafficRunner *sm_traffic_panel_get_runner(SmTrafficPanel *self);
/* The text shown for a figure: "received", "lost", "duplicated",
 * "corrupted", "rate", "children"; NULL for an unknown key. */
const char *sm_traffic_panel_get_figure_text(SmTrafficPanel *self, const char *key);

G_END_DECLS
