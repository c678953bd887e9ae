/* cli-live.c — live state by kind, for `inspect`.  Each kind's reader
 * uses only that kind's public read-only API. */
#include "cli-live.h"

#include "cli-live-kinds.h"

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

int cli_live_state(const struct sm_segment_info *info, struct cli_report *r)
{
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
