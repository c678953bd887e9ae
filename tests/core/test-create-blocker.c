/* sm_segment_create_blocker(): the file a create that failed with -EEXIST failed
 * on, the one answer the CLI (create, rpc serve) and the workbench (the
 * create dialog, the RPC page) give of a name taken.  The names a create
 * takes in the order it takes them (a channel: NAME, NAME.c2s, NAME.s2c);
 * with SM_CREATE_REPLACE_STALE a segment whose owner is dead is not in
 * the way (the create replaces it), a file that is not a segment is. */
#include <stdbool.h>
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

/* Make ring `name` in a child that dies keeping it: its owner dead. */
static int make_ring_and_die(void *name)
{
	sm_ring *ring;
	return sm_ring_create(&ring, name, 4, 64, NULL) == 0 ? 0 : 1;
}

static void expect_blocker(const char *name, bool channel, unsigned flags, const char *want)
{
	char buf[SM_NAME_MAX + 1];
	struct sm_segment_info info;
	const char *got = sm_segment_create_blocker(name, channel, flags, buf, sizeof buf, &info);
	if (got != want && (!got || !want || strcmp(got, want) != 0)) {
		fprintf(stderr, "%s (channel %d, flags %u): '%s', expected '%s'\n", name, channel,
			flags, got ? got : "(none)", want ? want : "(none)");
		exit(T_EXIT_FAIL);
	}
	if (got)
		CHECK_EQ(strcmp(info.name, got), 0);
}

int main(void)
{
	const char *name = t_name("blocker");
	char c2s[SM_NAME_MAX + 1], s2c[SM_NAME_MAX + 1];
	snprintf(c2s, sizeof c2s, "%s%s", name, SM_RPC_C2S_SUFFIX);
	snprintf(s2c, sizeof s2c, "%s%s", name, SM_RPC_S2C_SUFFIX);
	expect_blocker(name, true, 0, NULL);

	/* No control segment, a stale NAME.c2s and a live NAME.s2c. */
	CHECK_EQ(t_wait(t_fork(make_ring_and_die, c2s)), 0);
	sm_ring *live;
	CHECK_EQ(sm_ring_create(&live, s2c, 4, 64, NULL), 0);
	expect_blocker(name, true, 0, c2s);
	expect_blocker(name, true, SM_CREATE_REPLACE_STALE, s2c);
	expect_blocker(name, false, 0, NULL); /* not a channel: its name only */

	/* A file that is not a segment is in the way, stale or not: the
	 * name itself, the caller's own pointer. */
	t_write_file(name, "garbage", 7);
	char buf[SM_NAME_MAX + 1];
	struct sm_segment_info info;
	CHECK(sm_segment_create_blocker(name, true, SM_CREATE_REPLACE_STALE, buf, sizeof buf,
					&info) == name);
	CHECK(info.status < 0);
	t_remove_file(name);
	sm_ring_close(live);

	/* A name too long for a channel's rings: only the name is taken. */
	char longer[SM_NAME_MAX + 1];
	memset(longer, 'b', SM_RPC_NAME_MAX + 1);
	longer[SM_RPC_NAME_MAX + 1] = '\0';
	expect_blocker(longer, true, 0, NULL);
	return T_EXIT_PASS;
}
