/* test-segment-gc-opener.c — gc never removes a segment that a process is
 * opening: an open that succeeds leaves the name leading to the file it
 * mapped.  gc judged a stale segment unmapped, a process opened and
 * mapped it meanwhile, and gc then removed its name: the opener held a
 * segment nobody else could find. */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

#define RUN_MS 2000

struct shared {
	_Atomic int stop;
	_Atomic int opens;    /* opens that succeeded */
	_Atomic int unnamed;  /* of them, ones whose name was gone right after */
};

static struct shared *sh;
static const char *name;

static int opener(void *arg)
{
	(void)arg;
	while (!atomic_load(&sh->stop)) {
		sm_buffer *buf;
		if (sm_buffer_open(&buf, name, 0) < 0)
			continue;
		atomic_fetch_add(&sh->opens, 1);
		if (sm_segment_still_named(sm_buffer_segment(buf)) != 1)
			atomic_fetch_add(&sh->unnamed, 1);
		sm_buffer_close(buf);
	}
	return 0;
}

int main(void)
{
	name = t_name("gc-opener");
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED);
	CHECK_EQ(t_wait(t_fork(t_leave_stale_buffer, (void *)name)), 0);
	pid_t op = t_fork(opener, NULL);
	int gcs = 0;
	for (uint64_t start = (uint64_t)time(NULL); (uint64_t)time(NULL) - start < RUN_MS / 1000;) {
		struct sm_segment_info info;
		if (sm_segment_stat(name, &info) == -ENOENT)
			CHECK_EQ(t_wait(t_fork(t_leave_stale_buffer, (void *)name)), 0);
		CHECK(sm_segment_gc(false, NULL, NULL) >= 0);
		gcs++;
	}
	atomic_store(&sh->stop, 1);
	CHECK_EQ(t_wait(op), 0);
	fprintf(stderr, "%d gc runs, %d opens, %d left without a name\n", gcs,
		atomic_load(&sh->opens), atomic_load(&sh->unnamed));
	CHECK(atomic_load(&sh->opens) > 0);
	CHECK_EQ(atomic_load(&sh->unnamed), 0);
	return T_EXIT_PASS;
}
