/* sm-axis.h — the value axis the live charts share (ring monitor's charts,
 * the RPC bench's rate plot): a round top for the highest value shown. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The smallest 1, 2 or 5 x 10^k at or above v; 1 when v <= 0. */
double sm_axis_nice_ceiling(double v);

G_END_DECLS
