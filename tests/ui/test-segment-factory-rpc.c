/* Creating an RPC channel whose ring name (NAME.c2s or NAME.s2c) is taken
 * says which name is taken, and leaves nothing behind: the factory (the
 * dialog after a race, app.create-segment, the demo) said only "a segment
 * of that name exists" of a channel name nobody had.  No display needed. */
#include <errno.h>
#include <string.h>

#include "../testlib.h"
#include "sm-segment-factory.h"

int main(void)
{
	const char *name = t_name("facrpc");
	char ring_name[80];
	g_snprintf(ring_name, sizeof ring_name, "%s%s", name, SM_RPC_C2S_SUFFIX);
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, ring_name, 4, 64, NULL), 0);

	SmCreated created = { 0 };
	char *error = NULL;
	CHECK_EQ(sm_segment_factory_create(name, SM_KIND_RPC, NULL, &created, &error), -EEXIST);
	fprintf(stderr, "error: %s\n", error);
	CHECK(error && strstr(error, ring_name) != NULL);
	g_free(error);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	sm_ring_close(ring);

	/* The second ring's name taken: the first ring goes again too. */
	char c2s[80];
	g_strlcpy(c2s, ring_name, sizeof c2s);
	g_snprintf(ring_name, sizeof ring_name, "%s%s", name, SM_RPC_S2C_SUFFIX);
	CHECK_EQ(sm_ring_create(&ring, ring_name, 4, 64, NULL), 0);
	CHECK_EQ(sm_segment_factory_create(name, SM_KIND_RPC, NULL, &created, &error), -EEXIST);
	CHECK(error && strstr(error, ring_name) != NULL);
	g_free(error);
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	CHECK_EQ(sm_segment_stat(c2s, &info), -ENOENT);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
