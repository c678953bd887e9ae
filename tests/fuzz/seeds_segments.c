/* seeds_segments.c — seed segments made with the generic segment API. */
#include <stdio.h>

#include "seeds.h"

static int one(enum sm_kind kind, uint64_t payload, const char *label, int publish)
{
	char name[64], seed[64];
	snprintf(name, sizeof name, "seed-%d", (int)kind);
	snprintf(seed, sizeof seed, "segment-%s-%s%s", sm_kind_name(kind), label ? "label-" : "",
		 publish ? "ready" : "init");
	static const uint8_t params[SM_PARAMS_SIZE] = { 16, 0, 0, 0, 64 };
	struct sm_segment_options opts = { label, 0, 0 };
	sm_segment *seg;
	int r = sm_segment_create(&seg, name, kind, payload, params, sizeof params, &opts);
	if (r < 0)
		return r;
	if (publish)
		sm_segment_publish(seg);
	r = seed_save(name, seed);
	sm_segment_close(seg);
	return r;
}

int seeds_segments(void)
{
	int r = 0;
	for (uint32_t k = 1; k <= SM_KIND_MAX_ && r == 0; k++)
		r = one((enum sm_kind)k, 64, NULL, 1);
	if (r == 0)
		r = one(SM_KIND_BUFFER, 0, "a label", 1);
	if (r == 0)
		r = one(SM_KIND_ARRAY, 128, NULL, 0);
	return r;
}
