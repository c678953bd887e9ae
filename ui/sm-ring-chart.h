/* sm-ring-chart.h — a live line chart of one quantity of an
 * SmSampleSeries over the last 60 s, with axes, units and a hover readout.
 *
 * Values are normalised to 0..1 when a sample arrives; snapshot() only
 * scales them to the widget, and a redraw is queued only on a new sample
 * (or when the pointer moves over the chart). */
#pragma once

#include <gtk/gtk.h>

#include "sm-axis.h"
#include "sm-sample-series.h"

G_BEGIN_DECLS

typedef enum {
	SM_CHART_OCCUPANCY = 0, /* nodes in use, 0..node_count */
	SM_CHART_MESSAGES  = 1, /* messages per second */
	SM_CHART_MEGABYTES = 2, /* MB (10^6 bytes) per second */
} SmChartQuantity;

#define SM_TYPE_RING_CHART (sm_ring_chart_get_type())
G_DECLARE_FINAL_TYPE(SmRingChart, sm_ring_chart, SM, RING_CHART, GtkWidget)

GtkWidget *sm_ring_chart_new(SmChartQuantity quantity);
void sm_ring_chart_set_series(SmRingChart *self, SmSampleSeries *series);
SmSampleSeries *sm_ring_chart_get_series(SmRingChart *self);
void sm_ring_chart_set_quantity(SmRingChart *self, SmChartQuantity quantity);
SmChartQuantity sm_ring_chart_get_quantity(SmRingChart *self);

/* The value of the chart's quantity in sample `s`. */
double sm_ring_chart_value(SmChartQuantity quantity, const SmSample *s);
/* "12.3 k msg/s at -4.2 s": the sample nearest to widget x coordinate `x`,
 * as the hover readout shows it; "no sample at -53.0 s" where none is
 * within a few pixels; NULL when there is none at all. */
char *sm_ring_chart_describe_at(SmRingChart *self, double x);
/* The same text for the sample under the pointer, or NULL. */
const char *sm_ring_chart_get_hover_text(SmRingChart *self);
/* What the pointer moving to widget x coordinate `x` does (x < 0: it
 * left the chart): the readout follows it. */
void sm_ring_chart_point_at(SmRingChart *self, double x);
/* The top line of the last snapshot: where the title ends and where the
 * hover readout starts, in widget coordinates; 0 for one not drawn. */
void sm_ring_chart_get_top_line(SmRingChart *self, double *title_end, double *readout_start);

/* The time labels under the axis in the last snapshot, left to right
 * (those that would run into a neighbour are left out); their count. */
guint sm_ring_chart_get_time_labels(SmRingChart *self, const SmAxisLabel **labels);

/* "1.5 M" style number with SI prefix (k, M, G). */
char *sm_format_si(double value);

G_END_DECLS
