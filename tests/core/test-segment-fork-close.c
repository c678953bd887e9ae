/* A child of fork() that closes the buffer and array handles it inherited
 * from their creator (as a child tidying up before it exits does) drops
 * its copies only: the parent's segments stay open, named, and not shut
 * down.  Only the creating process's close shuts a segment down. */
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static sm_buffer *buf;
static sm_array *arr;

static int child_closes(void *arg)
{
	(void)arg;
	CHECK(sm_segment_is_owner(sm_buffer_segment(buf)));
	sm_buffer_close(buf);
	sm_array_close(arr);
	return 0;
}

int main(void)
{
	const char *bname = t_name("forkclose-b");
	t_remove_at_exit(bname);
	char aname[64];
	snprintf(aname, sizeof aname, "%s-a", bname);
	t_remove_at_exit(aname);
	CHECK_EQ(sm_buffer_create(&buf, bname, 64, NULL), 0);
	CHECK_EQ(sm_array_create(&arr, aname, 4, 8, NULL), 0);

	CHECK_EQ(t_wait(t_fork(child_closes, NULL)), 0);

	CHECK(!sm_segment_is_shutdown(sm_buffer_segment(buf)));
	CHECK(!sm_segment_is_shutdown(sm_array_segment(arr)));
	sm_buffer *b2;
	sm_array *a2;
	CHECK_EQ(sm_buffer_open(&b2, bname, 0), 0);
	CHECK_EQ(sm_array_open(&a2, aname, 4, 0), 0);
	sm_buffer_close(b2);
	sm_array_close(a2);

	/* The creator's own close still shuts down and removes the name. */
	sm_buffer_close(buf);
	sm_array_close(arr);
	CHECK_EQ(sm_buffer_open(&b2, bname, 0), -ENOENT);
	CHECK_EQ(sm_array_open(&a2, aname, 4, 0), -ENOENT);
	return T_EXIT_PASS;
}
