/* sm-rpc-rate-sampler.c — see sm-rpc-rate-sampler.h. */
#include "sm-rpc-rate-sampler.h"

void sm_rpc_rate_sampler_take(SmRpcRateSampler *r, SmRpcRatePlot *plot, guint per_second, gint64 now_us,
			      guint64 count, gboolean from_run)
{
	double dt = r->last_us ? (double)(now_us - r->last_us) / 1e6 : 0;
	/* A sample soon after the last (the page shown: the channel chosen,
	 * then mapped) is left to the next: a call caught in a 3 ms window
	 * would plot as 333 calls/s and scale the plot for a minute. */
	if (dt != 0 && dt < 0.5 / per_second)
		return;
	if (dt > 0 && from_run == r->last_from_run && count >= r->last_count)
		sm_rpc_rate_plot_push(plot, (double)(count - r->last_count) / dt);
	else if (dt > 0)
		sm_rpc_rate_plot_push(plot, 0);
	r->last_count = count;
	r->last_from_run = from_run;
	r->last_us = now_us;
}

void sm_rpc_rate_sampler_restart(SmRpcRateSampler *r)
{
	r->last_us = 0;
}
