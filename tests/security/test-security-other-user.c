/* Security: another user cannot open a default (0600) segment of any kind,
 * read-write or read-only, nor remove or replace it.  Controls: the same
 * user opens a 0644 segment read-only and a 0666 one read-write, so the
 * refusals come from the mode and not from a broken uid switch.
 * Needs root (to become another uid); skipped otherwise. */
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../testlib.h"
#include "sec_kinds.h"

#define OTHER_UID 65534 /* nobody */

static const struct sec_kind *kind;
static const char *name;
static unsigned mode;

static int try_open(unsigned flags)
{
	void *h = NULL;
	int r = kind->open(name, flags, &h);
	if (r == 0)
		kind->close(h);
	return r;
}

static int as_other_user(void *arg)
{
	(void)arg;
	CHECK_EQ(setgroups(0, NULL), 0);
	CHECK_EQ(setgid(OTHER_UID), 0);
	CHECK_EQ(setuid(OTHER_UID), 0);
	CHECK(getuid() == OTHER_UID && geteuid() == OTHER_UID);
	CHECK(setuid(0) < 0); /* really dropped */

	if (mode == 0) { /* default: private to the owner */
		CHECK_EQ(try_open(0), -EACCES);
		CHECK_EQ(try_open(SM_OPEN_READONLY), -EACCES);
		struct sm_segment_info info;
		int r = sm_segment_stat(name, &info);
		CHECK(r == -EACCES || (r == 0 && info.status == -EACCES));
		CHECK(sm_segment_unlink(name, false) < 0);
		CHECK(sm_segment_unlink(name, true) < 0); /* sticky /dev/shm */
		void *h = NULL;
		CHECK(kind->create(name, 0, SM_CREATE_REPLACE_STALE, &h) < 0);
	} else if (mode == 0644) {
		CHECK_EQ(try_open(0), -EACCES);
		CHECK_EQ(try_open(SM_OPEN_READONLY), 0);
	} else {
		CHECK_EQ(try_open(0), 0);
		CHECK_EQ(try_open(SM_OPEN_READONLY), 0);
	}
	return 0;
}

/* Every file of the kind (an RPC channel has its rings too) has the mode. */
static void mode_is(const char *path, void *want)
{
	struct stat st;
	CHECK_EQ(lstat(path, &st), 0);
	if ((st.st_mode & 0777) != *(unsigned *)want)
		fprintf(stderr, "%s has mode %o, not %o\n", path, st.st_mode & 0777, *(unsigned *)want);
	CHECK_EQ(st.st_mode & 0777, *(unsigned *)want);
}

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "not root: cannot switch to another uid; skipped\n");
		return T_EXIT_SKIP;
	}
	static const unsigned modes[] = { 0, 0644, 0666 };
	for (unsigned k = 0; k < sec_n_kinds; k++) {
		kind = &sec_kinds[k];
		for (unsigned m = 0; m < sizeof modes / sizeof *modes; m++) {
			mode = modes[m];
			name = t_name(kind->what);
			void *h;
			CHECK_EQ(kind->create(name, mode, 0, &h), 0);
			struct stat st;
			char path[128];
			snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
			unsigned want = mode ? mode : 0600;
			CHECK(sec_for_files(name, mode_is, &want) >= 1);
			int rc = t_wait(t_fork(as_other_user, NULL));
			if (rc != 0)
				fprintf(stderr, "kind %s, mode %o: other user's checks failed\n",
					kind->what, mode);
			CHECK_EQ(rc, 0);
			CHECK_EQ(stat(path, &st), 0); /* still there, untouched */
			kind->close(h);
			CHECK(stat(path, &st) < 0);
		}
	}
	return T_EXIT_PASS;
}
