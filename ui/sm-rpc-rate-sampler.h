/* sm-rpc-rate-sampler.h — calls/s for the RPC page's rate plot, from a
 * count of calls read at each tick: the calls since the last sample over
 * the time since it.  A count of another source than the last (a run's
 * successful calls, the channel's completed client calls) or one that
 * went back plots 0. */
#pragma once

#include <glib.h>

#include "sm-rpc-rate-plot.h"

G_BEGIN_DECLS

typedef struct {
	gint64   last_us;     /* g_get_monotonic_time() of the last sample; 0: none */
	guint64  last_count;  /* the count then */
	gboolean last_from_run;
} SmRpcRateSampler;

/* At `now_us`, ticking `per_second` times a second: the count of calls
 * is `count` (a run's when `from_run`, else the channel's).  Pushes a
 * sample to `plot`, but for the first count, and for one that comes less
 * than half a tick after the last (the page just shown), which is left
 * to the next. */
void sm_rpc_rate_sampler_take(SmRpcRateSampler *r, SmRpcRatePlot *plot, guint per_second, gint64 now_us,
			      guint64 count, gboolean from_run);
/* Start over: the next count is a first one. */
void sm_rpc_rate_sampler_restart(SmRpcRateSampler *r);

G_END_DECLS
