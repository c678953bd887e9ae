/* sm-axis.h — the value axis the live charts share (ring monitor's charts,
 * the RPC bench's rate plot): a round top for the highest value shown. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The smallest 1, 2 or 5 x 10^k at or above v; 1 when v <= 0. */
double sm_axis_nice_ceiling(double v);

/* A label under an axis as last drawn: its extent and text. */
typedef struct {
	double x0, x1;
	char   text[16];
} SmAxisLabel;

/* Which of n tick labels along an axis, left to right, to show so that
 * none runs into its neighbour ("10 ms100 ms" at a narrow width): label i
 * spans [x0[i], x1[i]) and is shown when it starts at least `gap` after
 * the last shown one ends.  The first is always shown; the last, an end
 * of the range too, takes the place of the one shown before it where that
 * makes room.
 * Fills show[0..n); returns how many are shown. */
guint sm_axis_fit_labels(const double *x0, const double *x1, guint n, double gap, gboolean *show);

G_END_DECLS
