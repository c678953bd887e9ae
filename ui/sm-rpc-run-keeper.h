/* sm-rpc-run-keeper.h — the runs the RPC page starts: the one it shows
 * (the current or last), and every run whose end is still to be recorded.
 * A run is over (its callers joined) a moment before its end reaches the
 * main loop; it is recorded in the runs table then, whether or not it is
 * still the one shown, so a channel chosen in between does not lose it.
 * With --demo, the demo's caller on the run's channel lets go of it for
 * the run (one client per channel) and comes back after the last run. */
#pragma once

#include <glib.h>

#include "sm-rpc-load.h"
#include "sm-rpc-runs.h"

G_BEGIN_DECLS

typedef struct {
	SmRpcLoad *load;       /* the run shown: current or last; NULL: none */
	GPtrArray *unreported; /* runs started, not yet in the runs table */
	guint      run_number; /* of the last run recorded */
	SmRpcRuns *runs;       /* the runs table */
} SmRpcRunKeeper;

void sm_rpc_run_keeper_init(SmRpcRunKeeper *k, SmRpcRuns *runs);
/* Stop the run shown and let go of every run: their ends go nowhere. */
void sm_rpc_run_keeper_clear(SmRpcRunKeeper *k);
/* Start a run with `s` and show it, once the demo's caller has let go of
 * its channel.  `done` comes with `user` when it is over, and is to call
 * sm_rpc_run_keeper_record(). */
void sm_rpc_run_keeper_start(SmRpcRunKeeper *k, const SmRpcLoadSettings *s, SmRpcLoadDoneFn done,
			     gpointer user);
/* Run `load` is over: into the runs table if it connected; the demo's
 * caller gets its channel back unless a run started since took it. */
void sm_rpc_run_keeper_record(SmRpcRunKeeper *k, SmRpcLoad *load);
/* The run shown is going. */
gboolean sm_rpc_run_keeper_is_running(SmRpcRunKeeper *k);
/* Ask the run shown to stop (calls in flight are cancelled). */
void sm_rpc_run_keeper_stop(SmRpcRunKeeper *k);
/* Stop showing the run shown; its record still comes. */
void sm_rpc_run_keeper_forget(SmRpcRunKeeper *k);

G_END_DECLS
