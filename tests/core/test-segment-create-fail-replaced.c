/* test-segment-create-fail-replaced.c — a create that fails after its file
 * got its name (here: mapping it fails) removes that name only if it still
 * leads to its file, checked and unlinked under the file's lock as every
 * other remover does.  It unlinked by name: `sharedmem rm` removing the
 * half-made segment and another creator putting its own under the name
 * just then (this test's mmap() lets them in, then fails) lost the new
 * segment its name. */
#include <dlfcn.h>
#include <errno.h>
#include <sys/mman.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;
static bool armed;
static sm_buffer *fresh;
static int rm_rc = 1, fresh_rc = 1;

/* Every mmap() of this program, the library's included (it is linked in
 * statically); the first shared one while armed lets rm and a creator in,
 * then fails as if out of address space. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);
	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	if (armed && fd >= 0 && (flags & MAP_SHARED)) {
		armed = false;
		rm_rc = sm_segment_unlink(name, false);
		fresh_rc = sm_buffer_create(&fresh, name, 64, NULL);
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return real(addr, len, prot, flags, fd, off);
}

int main(void)
{
	name = t_name("create-fail-replaced");
	t_remove_at_exit(name);
	sm_buffer *failed;
	armed = true;
	CHECK_EQ(sm_buffer_create(&failed, name, 64, NULL), -ENOMEM);
	CHECK(!armed);
	CHECK_EQ(rm_rc, 0);
	CHECK_EQ(fresh_rc, 0);
	CHECK_EQ(sm_segment_still_named(sm_buffer_segment(fresh)), 1);
	sm_buffer_close(fresh);
	return T_EXIT_PASS;
}
