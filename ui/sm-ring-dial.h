/* sm-ring-dial.h — a ring drawn as nodes around a circle, each coloured by
 * state (free, being written, ready, being read, abandoned), with the producers' and
 * consumers' next positions marked.  Core-free: fed node states as bytes
 * (the values of enum sm_node_state).  The markers glide forward to new
 * positions with a tick callback that runs only while they move, or jump
 * there when positions change faster than a glide or by a lap or more. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Colours of the states, shared with the legend: "#rrggbb". */
const char *sm_ring_dial_state_color(guint state);
const char *sm_ring_dial_state_name(guint state);

#define SM_TYPE_RING_DIAL (sm_ring_dial_get_type())
G_DECLARE_FINAL_TYPE(SmRingDial, sm_ring_dial, SM, RING_DIAL, GtkWidget)

GtkWidget *sm_ring_dial_new(void);
/* Show `n` node states; write_pos/read_pos are the free-running producer
 * and consumer claim positions (drawn at pos % n).  Queues a redraw only
 * when something changed. */
void sm_ring_dial_set_nodes(SmRingDial *self, const guint8 *states, guint n,
			    guint64 write_pos, guint64 read_pos);
/* Outline node `index` (the one the last teaching step acted on); -1: none. */
void sm_ring_dial_set_highlight(SmRingDial *self, int index);
/* Forget every node (nothing is drawn but a placeholder). */
void sm_ring_dial_clear(SmRingDial *self);

guint sm_ring_dial_get_n_nodes(SmRingDial *self);
/* The state shown for node i (0 when out of range). */
guint sm_ring_dial_get_state(SmRingDial *self, guint i);
/* TRUE while the position markers are moving (a tick callback runs). */
gboolean sm_ring_dial_is_animating(SmRingDial *self);
/* Where the producer and consumer markers are drawn now, as fractions of
 * a turn from node 0 (0 <= turn < 1; node i of n is at i / n). */
void sm_ring_dial_get_markers(SmRingDial *self, double *write_turn, double *read_turn);

G_END_DECLS
