/* sec_kinds.c — see sec_kinds.h. */
#include "sec_kinds.h"

static int seg_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { "security", mode, flags };
	sm_segment *seg;
	int r = sm_segment_create(&seg, name, SM_KIND_BUFFER, 4096, NULL, 0, &opts);
	if (r == 0)
		sm_segment_publish(seg);
	*handle = seg;
	return r;
}

static int seg_open(const char *name, unsigned flags, void **handle)
{
	sm_segment *seg;
	int r = sm_segment_open(&seg, name, SM_KIND_NONE, flags);
	*handle = seg;
	return r;
}

static void seg_close(void *handle) { sm_segment_close(handle); }
static sm_segment *seg_segment(void *handle) { return handle; }

const struct sec_kind sec_kinds[] = {
	{ "segment", seg_create, seg_open, seg_close, seg_segment, NULL },
};
const unsigned sec_n_kinds = sizeof sec_kinds / sizeof sec_kinds[0];
