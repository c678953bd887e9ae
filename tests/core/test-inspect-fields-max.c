/* test-inspect-fields-max.c — sm_header_fields(h, out, max) writes at most
 * `max` fields, whatever max is, and always returns how many there are.
 * Fields whose value text is rewritten after they are added (magic, kind,
 * state, creator_start_time, shutdown, label, kind parameters) must not
 * be rewritten when they were not stored: nothing past out[max-1] may
 * change.  Checked for every max from 0 to the full count, for the header
 * of each kind of segment. */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define GUARD 0xa5

static void check_all_max(const struct sm_header *h)
{
	int n = sm_header_fields(h, NULL, 0);
	CHECK(n > 10 && n < 200);
	struct sm_field full[200], f[202];
	CHECK_EQ(sm_header_fields(h, full, (size_t)n), n);
	for (int max = 0; max <= n; max++) {
		memset(f, GUARD, sizeof f);
		CHECK_EQ(sm_header_fields(h, f, (size_t)max), n);
		const unsigned char *p = (const unsigned char *)&f[max];
		for (size_t i = 0; i < sizeof f - (size_t)max * sizeof f[0]; i++)
			CHECK_EQ(p[i], GUARD);
		for (int i = 0; i < max; i++) {
			CHECK_EQ(f[i].offset, full[i].offset);
			CHECK(strcmp(f[i].name, full[i].name) == 0);
		}
	}
}

int main(void)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, t_name("fields-ring"), 8, 64, &t_ring_opts), 0);
	check_all_max(sm_segment_header(sm_ring_segment(r)));
	sm_ring_close(r);

	sm_buffer *b;
	const char *bn = t_name("fields-buf");
	t_remove_at_exit(bn);
	CHECK_EQ(sm_buffer_create(&b, bn, 256, NULL), 0);
	check_all_max(sm_segment_header(sm_buffer_segment(b)));
	sm_buffer_close(b);

	sm_array *a;
	const char *an = t_name("fields-arr");
	t_remove_at_exit(an);
	CHECK_EQ(sm_array_create(&a, an, 8, 16, NULL), 0);
	check_all_max(sm_segment_header(sm_array_segment(a)));
	sm_array_close(a);
	return T_EXIT_PASS;
}
