/* Bad input: invalid names, random bytes, truncated files, wrong magic,
 * unknown version, headers that claim more than the file holds or a
 * payload that does not end at total_size, FIFOs and
 * symlinks under a segment name.  Each gives its clear error, none crash. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static struct sm_header valid_header(void)
{
	struct sm_header h;
	memset(&h, 0, sizeof h);
	h.magic = SM_MAGIC;
	h.version = SM_LAYOUT_VERSION;
	h.kind = SM_KIND_BUFFER;
	h.header_size = SM_HEADER_SIZE;
	h.state = SM_STATE_READY;
	h.payload_offset = SM_HEADER_SIZE;
	h.payload_size = 64;
	h.total_size = SM_HEADER_SIZE + 64;
	return h;
}

/* Write `h` plus `extra` zero bytes as the file, then expect `want` from open and stat. */
static void expect_open(const char *name, const struct sm_header *h, size_t file_len, int want)
{
	char buf[4096] = { 0 };
	memcpy(buf, h, sizeof *h < file_len ? sizeof *h : file_len);
	t_write_file(name, buf, file_len);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), want);
	sm_segment_close(seg); /* NULL when the open failed */
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY), want);
	sm_segment_close(seg);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, want);
	CHECK(strlen(sm_strerror(want)) > 0);
}

int main(void)
{
	const char *name = t_name("bad");
	sm_segment *seg;

	/* Names. */
	const char *bad_names[] = { "", "a/b", "..", "a..b", ".hidden", "sp ace", "tab\t", "nl\n", "é" };
	for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
		CHECK_EQ(sm_name_validate(bad_names[i]), -EINVAL);
		CHECK_EQ(sm_segment_create(&seg, bad_names[i], SM_KIND_BUFFER, 8, NULL, 0, NULL), -EINVAL);
		CHECK_EQ(sm_segment_open(&seg, bad_names[i], SM_KIND_NONE, 0), -EINVAL);
	}
	char longname[SM_NAME_MAX + 2];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK_EQ(sm_name_validate(longname), -ENAMETOOLONG);
	longname[SM_NAME_MAX] = '\0';
	CHECK_EQ(sm_name_validate(longname), 0);
	CHECK_EQ(sm_segment_open(&seg, NULL, SM_KIND_NONE, 0), -EINVAL);
	/* Bad parameters. */
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_NONE, 8, NULL, 0, NULL), -EINVAL);
	CHECK_EQ(sm_segment_create(&seg, name, 99, 8, NULL, 0, NULL), -EINVAL);
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, 8, "x", SM_PARAMS_SIZE + 1, NULL), -EINVAL);

	/* Random bytes, empty and tiny files. */
	unsigned char noise[1024];
	srand(42);
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)rand();
	t_write_file(name, noise, sizeof noise);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EBADHEADER);
	t_write_file(name, noise, 0);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EBADHEADER);
	t_write_file(name, noise, 100);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EBADHEADER);

	struct sm_header h = valid_header();
	expect_open(name, &h, SM_HEADER_SIZE + 64, 0);        /* the control case opens */
	expect_open(name, &h, SM_HEADER_SIZE + 63, -SM_EBADHEADER); /* truncated by one byte */
	h.total_size = h.payload_size = UINT64_C(1) << 50;    /* claims more than it holds */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.magic ^= 1;
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.version = 99;
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EVERSION);
	h = valid_header();
	h.kind = 77;
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.payload_offset = 8; /* overlapping the header */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.payload_size = UINT64_MAX - 100; /* offset + size wraps */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	/* The payload must end exactly at total_size, even where total_size
	 * fits the file: past it, the caller would touch bytes past the map. */
	h = valid_header();
	h.payload_size = 64 + 4096;
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.payload_size = 65; /* one byte past */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.payload_offset = 2 * SM_HEADER_SIZE; /* moved past the end, size kept */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.payload_size = 32; /* short of total_size: inconsistent too */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	memset(h.label, 'L', sizeof h.label); /* unterminated label */
	expect_open(name, &h, SM_HEADER_SIZE + 64, -SM_EBADHEADER);
	h = valid_header();
	h.state = SM_STATE_INIT; /* never published: not ready, not mapped */
	t_write_file(name, &h, sizeof h);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EBADHEADER); /* truncated too */
	char full[SM_HEADER_SIZE + 64] = { 0 };
	memcpy(full, &h, sizeof h);
	t_write_file(name, full, sizeof full);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_ENOTREADY);

	/* unlink refuses a file that is not ours unless forced. */
	t_write_file(name, noise, sizeof noise);
	CHECK_EQ(sm_segment_unlink(name, false), -SM_EBADHEADER);
	CHECK_EQ(sm_segment_unlink(name, true), 0);

	/* A symlink planted under the name is not followed. */
	char path[128], target[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	snprintf(target, sizeof target, "/dev/shm/sm.%s-target", name);
	struct sm_header good = valid_header();
	t_write_file(strrchr(target, '.') + 1, full, 0);
	CHECK_EQ(symlink(target, path), 0);
	/* Not a segment, as list says ("a symbolic link (not followed)"); not
	 * "permission denied", which blamed the segment's mode. */
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -SM_EBADHEADER);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY), -SM_EBADHEADER);
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, 8, NULL, 0, NULL), -EEXIST);
	struct stat st;
	CHECK_EQ(stat(target, &st), 0);
	CHECK_EQ(st.st_size, 0); /* the target was not written through the link */
	unlink(path);
	unlink(target);
	(void)good;

	/* A FIFO under the name neither hangs nor crashes. */
	CHECK_EQ(mkfifo(path, 0600), 0);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, -SM_EBADHEADER);
	unlink(path);

	/* Forced removal takes a foreign file's name (any one component), but
	 * no name with '/' in it: sm.DIR/../VICTIM would leave /dev/shm/sm.*. */
	const char *d = t_name("dir"), *v = t_name("victim");
	char dir[128], made[128], victim[128], through[160];
	snprintf(dir, sizeof dir, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", d);
	snprintf(made, sizeof made, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", v);
	snprintf(victim, sizeof victim, SM_SHM_DIR "/%s", v);
	snprintf(through, sizeof through, "%s/../%s", d, v);
	CHECK_EQ(mkdir(dir, 0700), 0);
	t_write_file(v, "x", 1);
	CHECK_EQ(rename(made, victim), 0); /* outside sm.* */
	CHECK_EQ(sm_segment_unlink(through, true), -EINVAL);
	CHECK_EQ(access(victim, F_OK), 0);
	unlink(victim);
	rmdir(dir);
	char odd[96];
	snprintf(odd, sizeof odd, "%s odd name", t_name("foreign"));
	t_write_file(odd, "x", 1);
	CHECK_EQ(sm_segment_unlink(odd, false), -EINVAL);
	CHECK_EQ(sm_segment_unlink(odd, true), 0);
	CHECK_EQ(sm_segment_unlink(odd, true), -ENOENT);
	return T_EXIT_PASS;
}
