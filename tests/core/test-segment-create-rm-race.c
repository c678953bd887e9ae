/* test-segment-create-rm-race.c — `sharedmem rm` (sm_segment_unlink())
 * removing a segment's name just after its creator gave it one: the
 * create succeeds, its segment unnamed, as if the rm had come just after
 * it.  The creator opens the file again by its name once it has linked it
 * (so /proc/PID/maps names it), and there was no name to open any more:
 * sm_buffer_create() failed with -ENOENT, "no such segment", an error a
 * create never gives (20000 creates beside a loop of rm saw it 10 times).
 * A create whose name went to another creator's file meanwhile still
 * fails -EEXIST (test segment-create-fail-replaced). */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;
static bool armed;
static int rm_rc = 1;

/* Every linkat() of this program, the library's included (it is linked in
 * statically): the one that names the segment while armed lets rm in. */
int linkat(int olddir, const char *old, int newdir, const char *new, int flags)
{
	static int (*real)(int, const char *, int, const char *, int);
	if (!real)
		real = (int (*)(int, const char *, int, const char *, int))dlsym(RTLD_NEXT, "linkat");
	int r = real(olddir, old, newdir, new, flags);
	if (armed && r == 0) {
		armed = false;
		rm_rc = sm_segment_unlink(name, false);
	}
	return r;
}

int main(void)
{
	name = t_name("create-rm-race");
	sm_buffer *b;
	armed = true;
	CHECK_EQ(sm_buffer_create(&b, name, 64, NULL), 0);
	CHECK(!armed);
	CHECK_EQ(rm_rc, 0);
	CHECK_EQ(sm_segment_still_named(sm_buffer_segment(b)), -ENOENT);
	/* Usable, as an owner's segment is after an rm. */
	CHECK_EQ(sm_buffer_write(b, 60, "data", 4), 0);
	char got[4];
	CHECK_EQ(sm_buffer_read(b, 60, got, 4), 0);
	CHECK(memcmp(got, "data", 4) == 0);
	sm_buffer_close(b);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -ENOENT);

	/* Unarmed, the name is made again as usual. */
	CHECK_EQ(sm_buffer_create(&b, name, 64, NULL), 0);
	CHECK_EQ(sm_segment_still_named(sm_buffer_segment(b)), 1);
	sm_buffer_close(b);
	return T_EXIT_PASS;
}
