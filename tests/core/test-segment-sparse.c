/* test-segment-sparse.c — a segment file with holes, which sharedmem never
 * makes (creation reserves every page), is refused by open and listed as
 * broken, "a file with holes": reading a hole through a mapping allocates
 * it in /dev/shm, so a hand-made sparse ring claiming up to 1 TiB made
 * one monitor's look (`sharedmem inspect`, which reads every node) fill
 * /dev/shm.
 *   - A copy of a real ring's first page, extended to the ring's size with
 *     ftruncate, opened (it was, and its snapshot allocated the whole
 *     file) and listed as a stale segment before.
 *   - The same page, a hole up to the ring's size, then as many bytes
 *     written after it: the blocks counted covered the header's claim, so
 *     the file opened and listed as sound until the blocks had to cover
 *     the whole file.
 * A real ring whose file someone grew past its total_size (`truncate -s
 * +1M`) has no hole in the bytes it claims, only an unreserved tail that
 * nothing maps: it opens and lists as sound (it was refused as having
 * holes, since the blocks had to cover the whole file). */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

static long long blocks_of(const char *path)
{
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	return (long long)st.st_blocks;
}

/* /dev/shm/sm.<name>, made with `page` at its start; returns its fd. */
static int make_file(const char *name, char *path, size_t path_size, const unsigned char *page,
		     size_t page_size)
{
	snprintf(path, path_size, "/dev/shm/sm.%s", name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, page, page_size), (long long)page_size);
	return fd;
}

/* The file is broken to a listing and to a monitor's open, which leaves
 * its blocks as they were. */
static void expect_refused(const char *name, const char *path)
{
	long long before = blocks_of(path);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, -SM_EBADHEADER);
	CHECK_EQ(sm_segment_info_status(&info), SM_ENTRY_BROKEN);
	char reason[SM_INFO_REASON_SIZE];
	sm_segment_info_reason(&info, reason, sizeof reason);
	if (strcmp(reason, "a file with holes (made by hand, not by sharedmem)") != 0) {
		fprintf(stderr, "reason given: '%s'\n", reason);
		exit(T_EXIT_FAIL);
	}

	sm_ring *mon;
	int err = sm_ring_open(&mon, name, SM_OPEN_READONLY);
	if (err == 0) {
		struct sm_ring_snapshot s;
		sm_ring_snapshot(mon, &s, NULL, 0);
		sm_ring_close(mon);
		fprintf(stderr, "sparse ring opened; its file grew from %lld to %lld blocks\n", before,
			blocks_of(path));
		exit(T_EXIT_FAIL);
	}
	CHECK_EQ(err, -SM_EBADHEADER);
	CHECK_EQ(blocks_of(path), before);
}

/* A live ring, its file grown by 1 MiB past total_size with ftruncate. */
static void expect_grown_accepted(void)
{
	const char *name = t_name("sparse-grown");
	sm_ring *owner;
	CHECK_EQ(sm_ring_create(&owner, name, 256, 4000, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_write(owner, "x", 1, 0), 0);
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(truncate(path, st.st_size + (1 << 20)), 0);
	long long before = blocks_of(path);

	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, 0);
	CHECK_EQ(sm_segment_info_status(&info), SM_ENTRY_OK);

	sm_ring *mon;
	CHECK_EQ(sm_ring_open(&mon, name, SM_OPEN_READONLY), 0);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(mon, &s, NULL, 0), 0);
	CHECK_EQ(s.occupancy, 1);
	sm_ring_close(mon);
	CHECK_EQ(blocks_of(path), before);
	sm_ring_close(owner);
}

int main(void)
{
	/* 256 nodes of 4000 bytes: a page per node, about 1 MiB. */
	const char *real = t_name("sparse-real");
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, real, 256, 4000, &t_ring_opts), 0);
	const struct sm_header *h = sm_segment_header(sm_ring_segment(r));
	uint64_t size = h->total_size;
	unsigned char page[4096];
	memcpy(page, h, sizeof page);
	sm_ring_close(r);

	/* A hole to the end. */
	const char *name = t_name("sparse");
	char path[128];
	int fd = make_file(name, path, sizeof path, page, sizeof page);
	CHECK_EQ(ftruncate(fd, (off_t)size), 0);
	close(fd);
	CHECK((uint64_t)blocks_of(path) * 512 < size);
	expect_refused(name, path);

	/* A hole to total_size, as many bytes allocated past it. */
	const char *tail = t_name("sparse-tail");
	fd = make_file(tail, path, sizeof path, page, sizeof page);
	static unsigned char ones[1 << 16];
	memset(ones, 1, sizeof ones);
	for (uint64_t at = size; at < 2 * size; at += sizeof ones)
		CHECK_EQ(pwrite(fd, ones, sizeof ones, (off_t)at), (long long)sizeof ones);
	close(fd);
	CHECK((uint64_t)blocks_of(path) * 512 >= size);
	expect_refused(tail, path);

	expect_grown_accepted();
	return T_EXIT_PASS;
}
