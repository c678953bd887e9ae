/* sm-rpc-rate-plot.h — calls per second over the last minute: a ring of
 * samples sized for the sampling rate, pushed by the bench view's timer; a
 * redraw only when a sample arrives. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SM_RPC_RATE_PLOT_SECONDS 60u

#define SM_TYPE_RPC_RATE_PLOT (sm_rpc_rate_plot_get_type())
G_DECLARE_FINAL_TYPE(SmRpcRatePlot, sm_rpc_rate_plot, SM, RPC_RATE_PLOT, GtkWidget)

GtkWidget *sm_rpc_rate_plot_new(void);
/* Append a sample (calls/s) and redraw. */
void sm_rpc_rate_plot_push(SmRpcRatePlot *self, double calls_per_s);
void sm_rpc_rate_plot_clear(SmRpcRatePlot *self);
/* Samples arrive `per_second` times a second (>= 1; 4 until set): hold
 * SM_RPC_RATE_PLOT_SECONDS of them.  A new rate keeps the history,
 * resampled to it. */
void sm_rpc_rate_plot_set_rate(SmRpcRatePlot *self, guint per_second);
/* The number of samples held (at most SECONDS * rate), the i-th (0 the
 * oldest; 0 out of range) and the last. */
guint sm_rpc_rate_plot_get_n_samples(SmRpcRatePlot *self);
double sm_rpc_rate_plot_get_sample(SmRpcRatePlot *self, guint i);
double sm_rpc_rate_plot_get_last(SmRpcRatePlot *self);

/* "950", "12.3 k", "4.56 M". */
char *sm_format_rate(double v);

G_END_DECLS
