/* cli-live.c — live state by kind, for `inspect`.  Each kind's reader
 * uses only that kind's public read-only API. */
#include "cli-live.h"

#include "cli-live-kinds.h"

#include <stdbool.h>
#include <stddef.h>

struct live_kind {
	uint32_t kind;
	int (*report)(const char *name, struct cli_report *r);
};

static const struct live_kind kinds[] = {
	{ SM_KIND_BUFFER, cli_live_buffer },
	{ SM_KIND_ARRAY, cli_live_array },
	{ SM_KIND_RING, cli_live_ring },
	{ SM_KIND_RPC, cli_live_rpc },
};

/* A segment made by sm_segment_create() with no params (the generic API:
 * list calls it ok and sm_segment_open() opens it) is not laid out as its
 * kind's own: that kind's open refuses it, so it has no live state. */
static bool params_unset(const struct sm_header *h)
{
	for (size_t i = 0; i < sizeof h->params; i++)
		if (h->params[i])
			return false;
	return true;
}

int cli_live_state(const struct sm_segment_info *info, struct cli_report *r)
{
	/* Before publication the payload is still being laid out (and the
	 * kind's open would wait for it, then fail). */
	if (info->state != SM_STATE_READY || params_unset(&info->header))
		return 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (kinds[i].report && kinds[i].kind == info->kind) {
			rep_section(r, "live", "Live state");
			int ret = kinds[i].report(info->name, r);
			rep_end(r);
			return ret;
		}
	}
	return 0;
}
