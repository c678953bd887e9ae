/* test-segment-truncated-many.c — a process that maps many segments at
 * once is as safe from their files being truncated as one that maps a
 * few: a handle opened after a thousand others still reads zeros and an
 * error (-SM_EBADHEADER), not a SIGBUS that kills it.  (A fixed table of
 * 1024 guarded mappings left the rest unguarded.) */
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"

#define HANDLES 1500

static void truncate_segment(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	CHECK_EQ(truncate(path, 0), 0);
}

int main(void)
{
	struct rlimit rl;
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < HANDLES + 64) {
		if (rl.rlim_max < HANDLES + 64)
			return T_EXIT_SKIP; /* one fd per handle: cannot hold them */
		rl.rlim_cur = HANDLES + 64;
		CHECK_EQ(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	const char *name = t_name("trunc-many");
	sm_buffer *owner;
	CHECK_EQ(sm_buffer_create(&owner, name, 4096, NULL), 0);
	CHECK_EQ(sm_buffer_write(owner, 100, "hello", 6), 0);
	static sm_buffer *views[HANDLES];
	for (int i = 0; i < HANDLES; i++)
		CHECK_EQ(sm_buffer_open(&views[i], name, SM_OPEN_READONLY), 0);
	truncate_segment(name);
	char out[8];
	/* The last one first: it was the one left unguarded. */
	CHECK_EQ(sm_buffer_read(views[HANDLES - 1], 100, out, 6), -SM_EBADHEADER);
	CHECK_EQ(sm_buffer_read(views[0], 100, out, 6), -SM_EBADHEADER);
	for (int i = 0; i < HANDLES; i++)
		sm_buffer_close(views[i]);
	/* The slots are free again: a handle opened now is guarded too. */
	sm_buffer *again;
	CHECK_EQ(sm_buffer_write(owner, 100, "x", 1), -SM_EBADHEADER);
	sm_buffer_close(owner);
	CHECK_EQ(sm_buffer_create(&owner, name, 4096, NULL), 0);
	CHECK_EQ(sm_buffer_open(&again, name, SM_OPEN_READONLY), 0);
	truncate_segment(name);
	CHECK_EQ(sm_buffer_read(again, 100, out, 6), -SM_EBADHEADER);
	sm_buffer_close(again);
	sm_buffer_close(owner);
	return 0;
}
