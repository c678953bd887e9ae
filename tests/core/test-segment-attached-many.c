/* test-segment-attached-many.c — more processes map a segment than
 * sm_segment_info holds pids of: the first SM_INFO_MAX_ATTACHED are
 * listed, the rest counted in attached_more, each process once however
 * many mappings of the file it has (here two each: two handles, kept by
 * the forked children). */
#include <signal.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

#define CHILDREN (SM_INFO_MAX_ATTACHED + 1)

int main(void)
{
	const char *name = t_name("attached-many");
	t_remove_at_exit(name);
	sm_buffer *owner, *again;
	CHECK_EQ(sm_buffer_create(&owner, name, 64, NULL), 0);
	CHECK_EQ(sm_buffer_open(&again, name, 0), 0);
	pid_t kids[CHILDREN];
	for (int i = 0; i < CHILDREN; i++)
		kids[i] = t_fork(t_live_forever, NULL); /* both mappings go with the fork */

	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.n_attached, SM_INFO_MAX_ATTACHED);
	CHECK_EQ(info.attached_more, CHILDREN + 1 - SM_INFO_MAX_ATTACHED);
	CHECK_EQ(sm_segment_info_attached(&info), CHILDREN + 1);

	for (int i = 0; i < CHILDREN; i++) {
		CHECK_EQ(kill(kids[i], SIGKILL), 0);
		CHECK_EQ(t_wait(kids[i]), 128 + SIGKILL);
	}
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.n_attached, 1);
	CHECK_EQ(info.attached_more, 0);
	sm_buffer_close(again);
	sm_buffer_close(owner);
	return T_EXIT_PASS;
}
