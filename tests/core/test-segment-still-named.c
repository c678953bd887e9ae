/* sm_segment_still_named(): whether a mapped segment is still the one its
 * name leads to in /dev/shm.  Yes for the owner and every opener while the
 * name stands (and again once a file renamed away comes back); -ENOENT
 * once the name is removed; 0 once the name is created again, by a new
 * segment or by anything else, a symbolic link to the very file included
 * (names are not followed).  The old mapping stays usable throughout.
 * No handle at all is -EINVAL. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

int main(void)
{
	const char *name = t_name("still-named");
	const char *aside = t_name("still-named-aside");
	char path[128], aside_path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	snprintf(aside_path, sizeof aside_path, "/dev/shm/sm.%s", aside);
	sm_segment *owner, *reader, *viewer, *next;

	CHECK_EQ(sm_segment_create(&owner, name, SM_KIND_BUFFER, 64, NULL, 0, NULL), 0);
	CHECK_EQ(sm_segment_still_named(owner), 1); /* named before it is published */
	memcpy(sm_segment_payload(owner), "old", 4);
	sm_segment_publish(owner);
	CHECK_EQ(sm_segment_open(&reader, name, SM_KIND_BUFFER, 0), 0);
	CHECK_EQ(sm_segment_open(&viewer, name, SM_KIND_BUFFER, SM_OPEN_READONLY), 0);
	CHECK_EQ(sm_segment_still_named(owner), 1);
	CHECK_EQ(sm_segment_still_named(reader), 1);
	CHECK_EQ(sm_segment_still_named(viewer), 1);

	/* Renamed away, the name is gone; renamed back, it is the same file. */
	CHECK_EQ(rename(path, aside_path), 0);
	CHECK_EQ(sm_segment_still_named(reader), -ENOENT);
	/* A symbolic link to the very file is not the name leading to it. */
	CHECK_EQ(symlink(aside_path, path), 0);
	CHECK_EQ(sm_segment_still_named(reader), 0);
	CHECK_EQ(unlink(path), 0);
	CHECK_EQ(rename(aside_path, path), 0);
	CHECK_EQ(sm_segment_still_named(reader), 1);

	/* Removed (as `sharedmem rm --force` does): gone for every handle,
	 * but the mapping still holds what it held. */
	CHECK_EQ(sm_segment_unlink(name, true), 0);
	CHECK_EQ(sm_segment_still_named(owner), -ENOENT);
	CHECK_EQ(sm_segment_still_named(reader), -ENOENT);
	CHECK_EQ(sm_segment_still_named(viewer), -ENOENT);
	CHECK(!sm_segment_is_shutdown(reader));
	CHECK(memcmp(sm_segment_payload(reader), "old", 4) == 0);

	/* Created again under the same name: another segment, which its own
	 * handles see as named and the old handles do not. */
	CHECK_EQ(sm_segment_create(&next, name, SM_KIND_BUFFER, 64, NULL, 0, NULL), 0);
	sm_segment_publish(next);
	CHECK_EQ(sm_segment_still_named(next), 1);
	CHECK_EQ(sm_segment_still_named(owner), 0);
	CHECK_EQ(sm_segment_still_named(reader), 0);
	CHECK_EQ(sm_segment_still_named(viewer), 0);

	/* The old owner's close leaves the new segment's name alone. */
	sm_segment_close(owner);
	CHECK_EQ(sm_segment_still_named(next), 1);
	CHECK_EQ(sm_segment_still_named(reader), 0);
	sm_segment_close(reader);
	sm_segment_close(viewer);

	/* The new owner's close shuts it down and removes the name. */
	CHECK_EQ(sm_segment_open(&reader, name, SM_KIND_BUFFER, SM_OPEN_READONLY), 0);
	sm_segment_close(next);
	CHECK(sm_segment_is_shutdown(reader));
	CHECK_EQ(sm_segment_still_named(reader), -ENOENT);

	/* Anything else under the name, a file that is no segment, is not it. */
	t_write_file(name, "not a segment", 13);
	CHECK_EQ(sm_segment_still_named(reader), 0);
	sm_segment_close(reader);
	t_remove_file(name);

	/* No handle is an error, as for sm_rpc_still_named(), not a crash. */
	CHECK_EQ(sm_segment_still_named(NULL), -EINVAL);
	return T_EXIT_PASS;
}
