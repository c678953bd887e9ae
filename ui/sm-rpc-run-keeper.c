/* sm-rpc-run-keeper.c — see sm-rpc-run-keeper.h. */
#include "sm-rpc-run-keeper.h"

#include "sm-demo.h"
#include "sm-rpc-builtin.h"

void sm_rpc_run_keeper_init(SmRpcRunKeeper *k, SmRpcRuns *runs)
{
	k->unreported = g_ptr_array_new_with_free_func((GDestroyNotify)sm_rpc_load_unref);
	k->runs = runs;
}

void sm_rpc_run_keeper_clear(SmRpcRunKeeper *k)
{
	if (k->load)
		sm_rpc_load_stop(k->load);
	g_clear_pointer(&k->load, sm_rpc_load_unref);
	for (guint i = 0; k->unreported && i < k->unreported->len; i++)
		sm_rpc_load_disown(g_ptr_array_index(k->unreported, i));
	g_clear_pointer(&k->unreported, g_ptr_array_unref);
}

void sm_rpc_run_keeper_start(SmRpcRunKeeper *k, const SmRpcLoadSettings *s, SmRpcLoadDoneFn done,
			     gpointer user)
{
	sm_rpc_run_keeper_forget(k);
	/* One client per channel: the demo's caller lets go of it first. */
	g_autoptr(SmRpcLoad) demo = NULL;
	sm_demo_pause_rpc_traffic(s->channel, &demo);
	k->load = sm_rpc_load_start_after(s, demo, done, user);
	g_ptr_array_add(k->unreported, sm_rpc_load_ref(k->load));
}

/* A run started here after `load` on its channel: the demo's caller
 * waits for that one's end to come back. */
static gboolean channel_run_since(SmRpcRunKeeper *k, SmRpcLoad *load)
{
	return k->load && k->load != load &&
	       g_strcmp0(sm_rpc_load_settings(k->load)->channel, sm_rpc_load_settings(load)->channel) == 0;
}

void sm_rpc_run_keeper_record(SmRpcRunKeeper *k, SmRpcLoad *load)
{
	const SmRpcLoadSettings *s = sm_rpc_load_settings(load);
	SmRpcLoadCounts c;
	sm_rpc_load_counts(load, &c);
	if (c.connect_status == 0) {
		g_autofree char *server = s->form == SM_RPC_REQUEST_RAW
						  ? g_strdup_printf("in-app %s", sm_rpc_builtin_name(s->expect))
						  : g_strdup("external (echo method)");
		g_autoptr(SmRpcRun) run = sm_rpc_run_new_from_load(load, ++k->run_number, server);
		sm_rpc_runs_add(k->runs, run);
	}
	if (!channel_run_since(k, load))
		sm_demo_resume_rpc_traffic(s->channel);
	g_ptr_array_remove(k->unreported, load);
}

gboolean sm_rpc_run_keeper_is_running(SmRpcRunKeeper *k)
{
	if (!k->load)
		return FALSE;
	SmRpcLoadCounts c;
	sm_rpc_load_counts(k->load, &c);
	return !c.finished;
}

void sm_rpc_run_keeper_stop(SmRpcRunKeeper *k)
{
	if (k->load)
		sm_rpc_load_stop(k->load);
}

void sm_rpc_run_keeper_forget(SmRpcRunKeeper *k)
{
	g_clear_pointer(&k->load, sm_rpc_load_unref);
}
