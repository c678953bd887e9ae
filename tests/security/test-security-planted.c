/* Security: files planted under a segment's name are never followed or
 * trusted.  A symlink to a valid segment is not opened through (any kind,
 * read-write or read-only); create does not write through a symlink, even
 * a dangling one (the classic /tmp attack); stat, unlink and gc do not
 * follow it; a FIFO under the name does not block an open; a directory is
 * refused. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../testlib.h"
#include "sec_kinds.h"

static char path_buf[8][128];
static int path_next;

static const char *shm_path(const char *name)
{
	char *p = path_buf[path_next++ % 8];
	snprintf(p, sizeof path_buf[0], "/dev/shm/sm.%s", name);
	return p;
}

static void same_file(const struct stat *a, const struct stat *b)
{
	CHECK(a->st_ino == b->st_ino && a->st_size == b->st_size &&
	      a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec);
}

/* A symlink under `link_name` pointing at the live segment `real`. */
static void link_to_segment(const struct sec_kind *kind, const char *real, const char *link_name)
{
	struct stat before, after;
	CHECK_EQ(stat(shm_path(real), &before), 0);
	CHECK_EQ(symlink(shm_path(real), shm_path(link_name)), 0);

	for (int ro = 0; ro < 2; ro++) {
		void *h = NULL;
		int r = kind->open(link_name, ro ? SM_OPEN_READONLY : 0, &h);
		if (r == 0)
			kind->close(h);
		CHECK(r < 0);
	}
	void *h = NULL;
	CHECK_EQ(kind->create(link_name, 0, 0, &h), -EEXIST);

	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(link_name, &info), 0);
	CHECK(info.status < 0); /* listed as broken, not decoded through the link */
	CHECK(sm_segment_unlink(link_name, false) < 0);
	CHECK_EQ(stat(shm_path(real), &after), 0);
	same_file(&before, &after);

	CHECK_EQ(sm_segment_unlink(link_name, true), 0); /* removes the link only */
	struct stat lst;
	CHECK(lstat(shm_path(link_name), &lst) < 0);
	CHECK_EQ(stat(shm_path(real), &after), 0);
	same_file(&before, &after);
}

/* A dangling symlink: create must fail and must not make its target. */
static void dangling(const struct sec_kind *kind, const char *link_name, const char *target)
{
	unlink(target);
	CHECK_EQ(symlink(target, shm_path(link_name)), 0);
	void *h = NULL;
	CHECK_EQ(kind->create(link_name, 0, 0, &h), -EEXIST);
	struct stat st;
	CHECK(lstat(target, &st) < 0 && errno == ENOENT);
	/* Not even when asked to replace a stale segment. */
	CHECK(kind->create(link_name, 0, SM_CREATE_REPLACE_STALE, &h) < 0);
	CHECK(lstat(target, &st) < 0 && errno == ENOENT);
	CHECK(sm_segment_gc(false, NULL, NULL) >= 0);
	CHECK_EQ(lstat(shm_path(link_name), &st), 0); /* gc leaves foreign files */
	CHECK(lstat(target, &st) < 0);
	unlink(shm_path(link_name));
}

static void fifo(const struct sec_kind *kind, const char *name)
{
	CHECK_EQ(mkfifo(shm_path(name), 0600), 0);
	for (int ro = 0; ro < 2; ro++) {
		void *h = NULL;
		/* Would block forever in open(2) without O_NONBLOCK; the test
		 * harness's timeout turns that into a failure. */
		CHECK_EQ(kind->open(name, ro ? SM_OPEN_READONLY : 0, &h), -SM_EBADHEADER);
	}
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK(info.status < 0);
	unlink(shm_path(name));
}

static void directory(const struct sec_kind *kind, const char *name)
{
	CHECK_EQ(mkdir(shm_path(name), 0700), 0);
	for (int ro = 0; ro < 2; ro++) {
		void *h = NULL;
		CHECK(kind->open(name, ro ? SM_OPEN_READONLY : 0, &h) < 0);
	}
	void *h = NULL;
	CHECK_EQ(kind->create(name, 0, 0, &h), -EEXIST);
	rmdir(shm_path(name));
}

int main(void)
{
	for (unsigned k = 0; k < sec_n_kinds; k++) {
		const struct sec_kind *kind = &sec_kinds[k];
		const char *real = t_name("real"), *link_name = t_name("link");
		void *owner;
		CHECK_EQ(kind->create(real, 0644, 0, &owner), 0);
		link_to_segment(kind, real, link_name);
		kind->close(owner);

		char target[128];
		snprintf(target, sizeof target, "/dev/shm/t-planted-target-%d", (int)getpid());
		dangling(kind, t_name("dangle"), target);
		fifo(kind, t_name("fifo"));
		directory(kind, t_name("dir"));
	}
	return T_EXIT_PASS;
}
