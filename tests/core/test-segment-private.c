/* Another user's private segment (mode 0600), looked at by name: opening
 * it is -EACCES, but sm_segment_stat() reads what it can and answers 0,
 * status -EACCES (SM_ENTRY_PRIVATE, as the list shows it), not -EACCES
 * as for a name it cannot look at.  The test runs as root and plays the
 * other user with setfsuid(), which the file checks use. */
#include <errno.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "needs root (setfsuid): skipped\n");
		return T_EXIT_SKIP;
	}
	const char *name = t_name("private");
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, name, 64, NULL), 0);
	setfsuid(65534); /* nobody */
	if ((int)setfsuid((uid_t)-1) != 65534) {
		sm_buffer_close(buf);
		return T_EXIT_SKIP;
	}
	sm_segment *seg;
	struct sm_segment_info info;
	int open_rc = sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY);
	int stat_rc = sm_segment_stat(name, &info);
	setfsuid(0); /* a failed CHECK's cleanup must be able to remove it */
	CHECK_EQ(open_rc, -EACCES);
	CHECK_EQ(stat_rc, 0);
	CHECK_EQ(info.status, -EACCES);
	CHECK(strcmp(info.name, name) == 0);
	CHECK_EQ(info.uid, 0);
	CHECK_EQ(info.mode, 0600);
	CHECK_EQ(sm_segment_info_status(&info), SM_ENTRY_PRIVATE);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
