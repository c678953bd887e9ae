/* sm-demo.c — see sm-demo.h. */
#include "sm-demo.h"

#include <errno.h>
#include <string.h>

#include "sm-segment-factory.h"

static gboolean demo_segment(SmApplication *app, const char *name, const char *kind, const char *label,
			     GVariant *params)
{
	g_autofree char *err = NULL;
	int r = sm_application_create_segment(app, name, kind, params, &err);
	if (r == -EEXIST) {
		/* Another workbench's demo is running: show it, drive it too.
		 * Someone's own segment of that name is left alone: no demo
		 * traffic into it, no demo consumer taking its messages. */
		struct sm_segment_info info;
		if (sm_segment_stat(name, &info) == 0 && info.status == 0 && info.owner_alive &&
		    info.kind == (guint32)sm_kind_from_name(kind) && strcmp(info.label, label) == 0)
			return TRUE;
		g_warning("demo: %s is taken by a segment that is not a workbench demo: left alone", name);
		return FALSE;
	}
	if (r < 0) {
		g_warning("demo: cannot create %s %s: %s", kind, name, err);
		return FALSE;
	}
	return TRUE;
}

static GVariant *demo_params(const char *label)
{
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "label", "s", label);
	g_variant_dict_insert(&d, "node-count", "u", 64u);
	g_variant_dict_insert(&d, "node-size", "u", 256u);
	/* Readable by others, so `sharedmem` run by the same user sees it all. */
	g_variant_dict_insert(&d, "mode", "u", 0644u);
	/* A demo left behind by a workbench that crashed is replaced. */
	g_variant_dict_insert(&d, "replace-stale", "b", TRUE);
	return g_variant_ref_sink(g_variant_dict_end(&d));
}

char *sm_demo_name(const char *base, const char *suffix)
{
	return suffix ? g_strdup_printf("%s-%s", base, suffix) : g_strdup(base);
}

void sm_demo_start(SmApplication *app, const char *suffix)
{
	static const char ring_label[] = "workbench demo ring", rpc_label[] = "workbench demo RPC";
	g_autoptr(GVariant) ring_params = demo_params(ring_label);
	g_autoptr(GVariant) rpc_params = demo_params(rpc_label);
	g_autofree char *ring = sm_demo_name(SM_DEMO_RING, suffix);
	g_autofree char *rpc = sm_demo_name(SM_DEMO_RPC, suffix);
	if (demo_segment(app, ring, "ring", ring_label, ring_params))
		sm_demo_start_ring_traffic(app, ring);
	if (demo_segment(app, rpc, "rpc", rpc_label, rpc_params))
		sm_demo_start_rpc_traffic(app, rpc);
}

void sm_demo_stop(SmApplication *app)
{
	sm_demo_stop_ring_traffic(app);
	sm_demo_stop_rpc_traffic(app);
}
