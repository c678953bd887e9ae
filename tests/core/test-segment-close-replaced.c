/* test-segment-close-replaced.c — an owner's close removes its segment's
 * name only if the name still leads to its file, and that check and the
 * unlink are one step for every other remover (`sharedmem rm`, gc,
 * replace-stale, each of which holds the file's lock from its check to its
 * unlink).  Here rm removes the segment and a new one is created under the
 * name just between the owner's check and its unlink (this test's unlink()
 * lets them in there): the new segment must keep its name. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;
static char armed_path[128];
static sm_buffer *fresh;
static int rm_rc = 1, fresh_rc = 1;

/* Every unlink() of this program, the library's included (it is linked
 * in statically); the first one of the armed path lets rm and a creator in. */
int unlink(const char *path)
{
	if (armed_path[0] && strcmp(path, armed_path) == 0) {
		armed_path[0] = '\0';
		rm_rc = sm_segment_unlink(name, false);
		fresh_rc = sm_buffer_create(&fresh, name, 64, NULL);
	}
	return unlinkat(AT_FDCWD, path, 0);
}

int main(void)
{
	name = t_name("close-replaced");
	sm_buffer *owner;
	CHECK_EQ(sm_buffer_create(&owner, name, 64, NULL), 0);
	snprintf(armed_path, sizeof armed_path, "/dev/shm/sm.%s", name);
	sm_buffer_close(owner);
	CHECK(armed_path[0] == '\0'); /* the close did unlink */
	if (fresh_rc == 0) {
		/* rm got in first: the name is the new segment's now */
		CHECK_EQ(rm_rc, 0);
		CHECK_EQ(sm_segment_still_named(sm_buffer_segment(fresh)), 1);
		sm_buffer_close(fresh);
	} else {
		/* the owner held its file: rm waited, then gave up */
		CHECK_EQ(rm_rc, -EAGAIN);
		CHECK_EQ(fresh_rc, -EEXIST);
	}
	sm_buffer *gone;
	CHECK_EQ(sm_buffer_open(&gone, name, 0), -ENOENT);
	return 0;
}
