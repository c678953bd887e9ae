/* test-segment-unlink-replaced.c — sm_segment_unlink() (`sharedmem rm`)
 * judges a file and removes that file, not whatever the name leads to by
 * then.  Here a stale segment is removed while a creator with
 * SM_CREATE_REPLACE_STALE replaces it, the creator running just before
 * rm's unlink (this test's unlink() lets it in there).  The creator
 * either gets the name and keeps it, or is told the name is taken: it
 * must never get 0 and be left with a segment nobody can open by name. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

static const char *name;
static char armed_path[128];
static sm_buffer *fresh;
static int fresh_rc = 1;

/* Every unlink() of this program, the library's included (it is linked
 * in statically); the first one of the armed path lets the creator in. */
int unlink(const char *path)
{
	if (armed_path[0] && strcmp(path, armed_path) == 0) {
		armed_path[0] = '\0';
		struct sm_segment_options opts = { .flags = SM_CREATE_REPLACE_STALE };
		fresh_rc = sm_buffer_create(&fresh, name, 64, &opts);
	}
	return unlinkat(AT_FDCWD, path, 0);
}

int main(void)
{
	name = t_name("unlink-replaced");
	t_remove_at_exit(name);
	CHECK_EQ(t_wait(t_fork(t_leave_stale_buffer, (void *)name)), 0);
	snprintf(armed_path, sizeof armed_path, "/dev/shm/sm.%s", name);
	int r = sm_segment_unlink(name, false);
	CHECK(armed_path[0] == '\0'); /* the creator ran */
	if (fresh_rc == 0) {
		CHECK_EQ(sm_segment_still_named(sm_buffer_segment(fresh)), 1);
		CHECK(r == 0 || r == -ENOENT); /* the stale one is gone either way */
		sm_buffer_close(fresh);
	} else {
		CHECK_EQ(fresh_rc, -EEXIST);
		CHECK_EQ(r, 0);
	}
	return T_EXIT_PASS;
}
