/* sm-rpc-rate-plot.h — calls per second over the last minute: a fixed
 * ring of samples, pushed by the bench view's timer; a redraw only when a
 * sample arrives. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SM_RPC_RATE_PLOT_SAMPLES 240u /* 60 s at 4 samples per second */

#define SM_TYPE_RPC_RATE_PLOT (sm_rpc_rate_plot_get_type())
G_DECLARE_FINAL_TYPE(SmRpcRatePlot, sm_rpc_rate_plot, SM, RPC_RATE_PLOT, GtkWidget)

GtkWidget *sm_rpc_rate_plot_new(void);
/* Append a sample (calls/s) and redraw. */
void sm_rpc_rate_plot_push(SmRpcRatePlot *self, double calls_per_s);
void sm_rpc_rate_plot_clear(SmRpcRatePlot *self);
/* The number of samples held (at most SM_RPC_RATE_PLOT_SAMPLES) and the last. */
guint sm_rpc_rate_plot_get_n_samples(SmRpcRatePlot *self);
double sm_rpc_rate_plot_get_last(SmRpcRatePlot *self);

/* "950", "12.3 k", "4.56 M". */
char *sm_format_rate(double v);

G_END_DECLS
