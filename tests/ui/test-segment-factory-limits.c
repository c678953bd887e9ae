/* The create dialog's limits on sizes were said in plain bytes ("The
 * packet size must be between 64 and 4194304."), beside fields that take
 * "64K" and a list that shows "4.0 MiB"; they are said as sizes now
 * ("between 64 B and 4.0 MiB"), counts as numbers, and a file mode in
 * octal, as the dialog shows and takes it (not "between 0 and 511").  No
 * display needed. */
#include <string.h>

#include "../testlib.h"
#include "sm-segment-factory.h"

static char *check(enum sm_kind kind, const char *key, guint32 value)
{
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, key, "u", value);
	g_autoptr(GVariant) params = g_variant_ref_sink(g_variant_dict_end(&d));
	char *error = NULL;
	CHECK(sm_segment_factory_check(kind, "t-limits", params, &error) < 0);
	fprintf(stderr, "%s %u: %s\n", key, value, error);
	return error;
}

int main(void)
{
	g_autofree char *packet = check(SM_KIND_RPC, "packet-size", 16);
	CHECK(strcmp(packet, "The packet size must be between 64 B and 4.0 MiB.") == 0);
	g_autofree char *node = check(SM_KIND_RING, "node-size", 0);
	CHECK(strcmp(node, "The node size must be between 1 B and 1.0 MiB.") == 0);
	g_autofree char *count = check(SM_KIND_RING, "node-count", 1);
	CHECK(strcmp(count, "The node count must be between 2 and 1048576.") == 0);
	g_autofree char *mode = check(SM_KIND_BUFFER, "mode", 01000);
	CHECK(strcmp(mode, "The mode must be between 0000 and 0777.") == 0);
	/* One that denies its owner: said before the core refuses it. */
	g_autofree char *write_only = check(SM_KIND_RING, "mode", 0200);
	CHECK(strcmp(write_only, "The mode must let its owner read and write the segment (0600 at least).") == 0);
	return T_EXIT_PASS;
}
