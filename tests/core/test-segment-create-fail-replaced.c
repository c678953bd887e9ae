/* test-segment-create-fail-replaced.c — a create that fails after its file
 * got its name removes that name only if it still leads to its file,
 * checked and unlinked under the file's lock as every other remover does.
 * It unlinked by name: `sharedmem rm` removing the half-made segment and
 * another creator putting its own under the name just then lost the new
 * segment its name.  Two places: mapping the file fails (this test's
 * mmap() lets them in, then fails); and, where there is no O_TMPFILE (the
 * name is made at once, O_EXCL), moving the file's fd above stdin, stdout
 * and stderr fails (fd 0 closed, no fd left: this test's fcntl() lets
 * them in, then fails with EMFILE). */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;
static enum { DISARMED, AT_MMAP, AT_DUP } armed;
static bool no_tmpfile;
static sm_buffer *fresh;
static int rm_rc = 1, fresh_rc = 1;

/* What the hooks let in: rm (forced in the second case: the half-made
 * file there has no header yet), then a creator under the same name. */
static void rm_and_create(bool force)
{
	armed = DISARMED;
	rm_rc = sm_segment_unlink(name, force);
	fresh_rc = sm_buffer_create(&fresh, name, 64, NULL);
}

/* Every mmap() of this program, the library's included (it is linked in
 * statically); the first shared one while armed lets rm and a creator in,
 * then fails as if out of address space. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);
	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	if (armed == AT_MMAP && fd >= 0 && (flags & MAP_SHARED)) {
		rm_and_create(false);
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return real(addr, len, prot, flags, fd, off);
}

/* Every open(): with no_tmpfile, O_TMPFILE fails as on a file system
 * without it. */
int open64(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
	if (no_tmpfile && (flags & O_TMPFILE) == O_TMPFILE) {
		errno = EINVAL;
		return -1;
	}
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	return real(path, flags, mode);
}

/* Every fcntl(): the first F_DUPFD_CLOEXEC while armed lets rm and a
 * creator in, then fails as if no fd were left. */
int fcntl64(int fd, int cmd, ...)
{
	static int (*real)(int, int, ...);
	if (!real)
		real = (int (*)(int, int, ...))dlsym(RTLD_NEXT, "fcntl64");
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	if (armed == AT_DUP && cmd == F_DUPFD_CLOEXEC) {
		rm_and_create(true);
		errno = EMFILE;
		return -1;
	}
	return real(fd, cmd, arg);
}

/* A create armed at `where` fails with `err`, and the segment made in the
 * meantime keeps its name. */
static void create_fails_keeping_fresh(int where, int err)
{
	sm_buffer *failed;
	rm_rc = fresh_rc = 1;
	armed = where;
	CHECK_EQ(sm_buffer_create(&failed, name, 64, NULL), err);
	CHECK(armed == DISARMED);
	CHECK_EQ(rm_rc, 0);
	CHECK_EQ(fresh_rc, 0);
	CHECK_EQ(sm_segment_still_named(sm_buffer_segment(fresh)), 1);
	sm_buffer_close(fresh);
}

int main(void)
{
	name = t_name("create-fail-replaced");
	t_remove_at_exit(name);
	create_fails_keeping_fresh(AT_MMAP, -ENOMEM);
	no_tmpfile = true;
	close(STDIN_FILENO); /* the next segment's file takes fd 0 */
	create_fails_keeping_fresh(AT_DUP, -EMFILE);
	return T_EXIT_PASS;
}
