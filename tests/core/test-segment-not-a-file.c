/* A directory or a socket planted under a segment's name (anyone may make
 * one in /dev/shm) is not a segment: opening it, read-write or read-only,
 * fails with -SM_EBADHEADER as sm_segment_open() documents, not with
 * whatever open(2) said (-EISDIR, -ENXIO).  Stat and a plain unlink say
 * the same (list showed a socket as 'broken: No such device or address',
 * and rm refused it without naming --force). */
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static void expect_not_segment(const char *name)
{
	sm_segment *seg;
	sm_buffer *buf;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EBADHEADER);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY), -SM_EBADHEADER);
	CHECK_EQ(sm_buffer_open(&buf, name, 0), -SM_EBADHEADER);
	CHECK_EQ(sm_buffer_open(&buf, name, SM_OPEN_READONLY), -SM_EBADHEADER);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, -SM_EBADHEADER);
	CHECK_EQ(sm_segment_unlink(name, false), -SM_EBADHEADER);
}

static char path[128];

static void cleanup(void)
{
	rmdir(path);
	unlink(path);
}

int main(void)
{
	const char *name = t_name("notfile");
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	atexit(cleanup);

	CHECK_EQ(mkdir(path, 0700), 0);
	expect_not_segment(name);
	rmdir(path);

	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(fd >= 0);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	CHECK(strlen(path) < sizeof addr.sun_path);
	strcpy(addr.sun_path, path);
	CHECK_EQ(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
	expect_not_segment(name);
	unlink(path);
	close(fd);
	return T_EXIT_PASS;
}
