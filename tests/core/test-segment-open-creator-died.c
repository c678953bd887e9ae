/* A segment whose creator died before publishing it will never be ready:
 * open said -SM_ENOTREADY ("still being initialised, or try again") for
 * ever.  It now says -SM_EABANDONED at once, with its own sentence; the
 * listing calls it stale (nobody maps it), or owner-dead while a process
 * still maps it, never "being created". */
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;

/* Create, never publish, die. */
static int create_and_die(void *arg)
{
	(void)arg;
	sm_segment *seg;
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, 64, NULL, 0, NULL), 0);
	_exit(0);
}

int main(void)
{
	name = t_name("creator-died");
	t_remove_at_exit(name);
	pid_t creator = t_fork(create_and_die, NULL);
	CHECK_EQ(t_wait(creator), 0);

	sm_segment *seg;
	uint64_t t0 = t_now_ms();
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EABANDONED);
	CHECK(t_now_ms() - t0 < 150); /* told at once, not after the wait for a live creator */
	CHECK(strstr(sm_strerror(-SM_EABANDONED), "died") != NULL);

	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.owner_pid, creator);
	CHECK_EQ(sm_segment_info_status(&info), SM_ENTRY_STALE);
	return T_EXIT_PASS;
}
