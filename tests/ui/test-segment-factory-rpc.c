/* Creating an RPC channel whose ring name (NAME.c2s or NAME.s2c) is taken
 * says which name is taken, and leaves nothing behind: the factory (the
 * dialog after a race, app.create-segment, the demo) said only "a segment
 * of that name exists" of a channel name nobody had.  Any name taken is
 * said as the create dialog says it (sm_segment_factory_taken_text()):
 * a file that is not a segment was "a segment of that name exists".
 * No display needed. */
#include <errno.h>
#include <string.h>

#include "../testlib.h"
#include "sm-segment-factory.h"

/* The factory's `error` for `name` taken is the create dialog's text. */
static void expect_dialog_words(enum sm_kind kind, const char *name, const char *error)
{
	g_autofree char *want = sm_segment_factory_taken_text(kind, name);
	if (g_strcmp0(error, want) != 0) {
		fprintf(stderr, "factory: “%s”, expected “%s”\n", error, want);
		exit(T_EXIT_FAIL);
	}
}

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
	expect_dialog_words(SM_KIND_RPC, name, error);
	g_free(error);
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	CHECK_EQ(sm_segment_stat(c2s, &info), -ENOENT);
	sm_ring_close(ring);

	/* A buffer's name held by a file that is not a segment. */
	const char *junk = t_name("facjunk");
	t_write_file(junk, "garbage", 7);
	CHECK_EQ(sm_segment_factory_create(junk, SM_KIND_BUFFER, NULL, &created, &error), -EEXIST);
	expect_dialog_words(SM_KIND_BUFFER, junk, error);
	CHECK(strstr(error, "not a segment (too short for a header (7 bytes)"));
	g_free(error);
	t_remove_file(junk);
	return T_EXIT_PASS;
}
