/* test-inspect-created-unknown.c — a header whose created_ns is 0 (made
 * by hand or by a foreign tool: sharedmem always records it) was shown by
 * `sharedmem inspect` and the workbench's header view as created
 * "1970-01-01 00:00:00.000", a date nothing was made at.  Its "created"
 * field now reads "unknown"; its raw value (what JSON gives) stays 0, and
 * a recorded time is still shown as a date. */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

static const struct sm_field *created_field(const struct sm_header *h, struct sm_field *f, size_t max)
{
	int n = sm_header_fields(h, f, max);
	CHECK(n > 0 && (size_t)n <= max);
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].name, "created") == 0)
			return &f[i];
	CHECK(!"no created field");
	return NULL;
}

int main(void)
{
	struct sm_header h;
	memset(&h, 0, sizeof h);
	h.magic = SM_MAGIC;
	h.kind = SM_KIND_BUFFER;
	struct sm_field f[200];

	const struct sm_field *c = created_field(&h, f, 200);
	CHECK_EQ(c->raw, 0);
	if (strcmp(c->value, "unknown") != 0) {
		fprintf(stderr, "created_ns 0 shown as '%s'\n", c->value);
		return T_EXIT_FAIL;
	}

	h.created_ns = 1700000000ull * 1000000000u + 250000000u; /* Nov 2023 */
	c = created_field(&h, f, 200);
	CHECK_EQ(c->raw, h.created_ns);
	CHECK(strncmp(c->value, "2023-11-", 8) == 0);
	CHECK(strstr(c->value, ".250") != NULL);
	return T_EXIT_PASS;
}
