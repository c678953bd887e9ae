/* test-segment-fsize-limit.c — a segment larger than the process's file
 * size limit (RLIMIT_FSIZE, `ulimit -f`) is refused with -EFBIG, as
 * segment.h's "too large" says, and leaves no file.  Reserving its pages
 * (posix_fallocate) past the limit raised SIGXFSZ, which kills the
 * process: `sharedmem create buffer` under `ulimit -f 100` died with "File
 * size limit exceeded", and so would the workbench.  A segment within the
 * limit is made as before. */
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

int main(void)
{
	const char *name = t_name("fsize-limit");
	struct rlimit lim = { 64 << 10, 64 << 10 };
	CHECK_EQ(setrlimit(RLIMIT_FSIZE, &lim), 0);

	sm_buffer *b;
	CHECK_EQ(sm_buffer_create(&b, name, 1 << 20, NULL), -EFBIG);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	sm_array *a;
	CHECK_EQ(sm_array_create(&a, name, 8, 1 << 17, NULL), -EFBIG);
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);

	CHECK_EQ(sm_buffer_create(&b, name, 4096, NULL), 0);
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, 0);
	sm_buffer_close(b);
	return T_EXIT_PASS;
}
