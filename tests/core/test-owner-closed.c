/* test-owner-closed.c — what an opener's handle of a buffer or an array
 * does after the owner closed the segment (segment.h: "the owner's close
 * marks shutdown and removes the name; openers' mappings stay valid until
 * they close"): it says shut down and no longer named, keeps its data,
 * still copies both ways, locked or not, and is not the segment a new
 * create under the name makes. */
#include <errno.h>
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

/* An opener's segment after its owner (a live process: this one) closed. */
static void check_orphaned(sm_segment *seg)
{
	CHECK(sm_segment_is_shutdown(seg));
	CHECK_EQ(sm_segment_still_named(seg), -ENOENT);
	CHECK_EQ(sm_segment_owner_alive(seg), 1);
	CHECK(!sm_segment_is_owner(seg));
}

static void buffer_after_close(const char *name)
{
	sm_buffer *owner, *user, *viewer, *next;
	char got[8] = { 0 };
	CHECK_EQ(sm_buffer_create(&owner, name, 8, NULL), 0);
	CHECK_EQ(sm_buffer_open(&user, name, 0), 0);
	CHECK_EQ(sm_buffer_open(&viewer, name, SM_OPEN_READONLY), 0);
	CHECK_EQ(sm_buffer_write(owner, 0, "before", 7), 0);
	sm_buffer_close(owner);

	check_orphaned(sm_buffer_segment(user));
	check_orphaned(sm_buffer_segment(viewer));
	CHECK_EQ(sm_buffer_open(&next, name, 0), -ENOENT);
	CHECK_EQ(sm_buffer_read(user, 0, got, 7), 0);
	CHECK(strcmp(got, "before") == 0);
	CHECK_EQ(sm_buffer_write_locked(user, 0, "after", 6, 0), 0);
	CHECK_EQ(sm_buffer_read(viewer, 0, got, 6), 0);
	CHECK(strcmp(got, "after") == 0);
	CHECK_EQ(sm_buffer_read_locked(user, 0, got, 6, 0), 0);
	CHECK_EQ(sm_buffer_write(viewer, 0, "x", 1), -EBADF);

	/* A new buffer under the name is another one. */
	CHECK_EQ(sm_buffer_create(&next, name, 8, NULL), 0);
	CHECK_EQ(sm_segment_still_named(sm_buffer_segment(user)), 0);
	CHECK_EQ(sm_buffer_write(user, 0, "old", 4), 0);
	CHECK_EQ(sm_buffer_read(next, 0, got, 4), 0);
	CHECK_EQ(got[0], 0);
	sm_buffer_close(next);
	sm_buffer_close(viewer);
	sm_buffer_close(user);
}

static void array_after_close(const char *name)
{
	sm_array *owner, *user, *next;
	int32_t x = 41;
	CHECK_EQ(SM_ARRAY_CREATE(&owner, name, int32_t, 3, NULL), 0);
	CHECK_EQ(SM_ARRAY_OPEN(&user, name, int32_t, 0), 0);
	CHECK_EQ(SM_ARRAY_PUT(owner, 2, &x), 0);
	sm_array_close(owner);

	check_orphaned(sm_array_segment(user));
	CHECK_EQ(SM_ARRAY_OPEN(&next, name, int32_t, 0), -ENOENT);
	CHECK_EQ(sm_array_length(user), 3);
	CHECK_EQ(SM_ARRAY_FIND(user, &x), 2);
	CHECK_EQ(SM_ARRAY_SET(user, int32_t, 0, 42), 0);
	CHECK_EQ(SM_ARRAY_GET(user, 0, &x), 0);
	CHECK_EQ(x, 42);
	CHECK_EQ(SM_ARRAY_GET(user, 3, &x), -ERANGE);
	sm_array_close(user);
}

int main(void)
{
	buffer_after_close(t_name("closed-buf"));
	array_after_close(t_name("closed-arr"));
	return T_EXIT_PASS;
}
