/* sm_segment_info_status(): the one judgement of what a listed entry is,
 * which `sharedmem list`, `inspect` and the workbench all name.  Each state
 * from a hand-made summary, the first rule that applies winning: a file
 * another user keeps private is not broken, and a dead owner's segment
 * that nobody maps is stale whatever else it says. */
#include <errno.h>
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

static struct sm_segment_info live(void)
{
	struct sm_segment_info i;
	memset(&i, 0, sizeof i);
	i.kind = SM_KIND_RING;
	i.state = SM_STATE_READY;
	i.owner_pid = 1;
	i.owner_alive = 1;
	return i;
}

int main(void)
{
	struct sm_segment_info i = live();
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_OK);

	i.status = -EACCES;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_PRIVATE);
	i.status = -SM_EBADHEADER;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_BROKEN);
	i.status = -EINVAL; /* a foreign name */
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_BROKEN);

	i = live();
	i.state = SM_STATE_INIT;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_INITIALISING);
	i.owner_alive = 0; /* died before publishing; a child of its fork() maps it */
	i.n_attached = 1;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_OWNER_DEAD);
	i = live();
	i.shutdown = true;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_CLOSED);

	i = live();
	i.owner_alive = 0;
	i.n_attached = 1;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_OWNER_DEAD);
	i.n_attached = 0;
	i.attached_unknown = true;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_UNKNOWN);
	i.attached_unknown = false;
	i.stale = true;
	i.state = SM_STATE_INIT; /* its creator died before publishing it */
	i.shutdown = true;
	CHECK_EQ(sm_segment_info_status(&i), SM_ENTRY_STALE);
	return T_EXIT_PASS;
}
