/* platform_shm.c — segment files in /dev/shm. */
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sharedmem/segment.h"

int smi_shm_path(const char *name, char *buf, size_t size)
{
	int n = snprintf(buf, size, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	return (n < 0 || (size_t)n >= size) ? -ENAMETOOLONG : 0;
}

/* A segment's file never takes fd 0, 1 or 2: in a process started with
 * one of them closed, a later write to stdout (or read from stdin) would
 * go to the segment's bytes.  Returns a copy of fd at 3 or above (fd
 * itself if it is), or -errno; fd stays open. */
static int dup_above_stdio(int fd)
{
	if (fd > STDERR_FILENO)
		return fd;
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	return moved < 0 ? -errno : moved;
}

/* dup_above_stdio() that closes fd if it moved it or failed: the fd to
 * use or -errno.  A negative fd is passed through (as -errno). */
static int above_stdio(int fd)
{
	if (fd < 0)
		return -errno;
	int moved = dup_above_stdio(fd);
	if (moved != fd)
		close(fd);
	return moved;
}

/* Whether a file of `size` bytes may be made: within off_t, and within
 * the process's file size limit (RLIMIT_FSIZE, `ulimit -f`), past which
 * reserving it raises SIGXFSZ, which kills the process, rather than
 * failing. */
static bool size_allowed(uint64_t size)
{
	struct rlimit lim;
	if ((off_t)size < 0)
		return false;
	return getrlimit(RLIMIT_FSIZE, &lim) < 0 || lim.rlim_cur == RLIM_INFINITY ||
	       size <= (uint64_t)lim.rlim_cur;
}

int smi_shm_create(const char *name, unsigned mode, uint64_t size)
{
	char path[128];
	int r = smi_shm_path(name, path, sizeof path);
	if (r < 0)
		return r;
	if (!size_allowed(size))
		return -EFBIG;
	int made = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	if (made < 0)
		return -errno;
	int fd = dup_above_stdio(made);
	if (fd < 0) { /* ours (O_EXCL), but unusable: removed while it is still ours */
		smi_shm_unlink_own(name, made);
		close(made);
		return fd;
	}
	if (fd != made)
		close(made);
	/* The umask may have narrowed the mode: set exactly what was asked. */
	if (fchmod(fd, mode & 0777) < 0) {
		r = -errno;
		goto fail;
	}
	/* Reserve the pages now: a full tmpfs fails here with ENOSPC, not later
	 * with SIGBUS on first touch. */
	r = posix_fallocate(fd, 0, (off_t)size);
	if (r != 0) {
		r = -r;
		goto fail;
	}
	return fd;
fail:
	smi_shm_unlink_own(name, fd);
	close(fd);
	return r;
}

int smi_shm_create_unnamed(unsigned mode, uint64_t size)
{
	if (!size_allowed(size))
		return -EFBIG;
	int fd = above_stdio(open(SM_SHM_DIR, O_TMPFILE | O_RDWR | O_CLOEXEC, mode & 0777));
	if (fd < 0)
		return (fd == -EISDIR || fd == -EINVAL) ? -EOPNOTSUPP : fd;
	int r = fchmod(fd, mode & 0777) < 0 ? -errno : -posix_fallocate(fd, 0, (off_t)size);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int smi_shm_link(int fd, const char *name)
{
	char path[128], self[64];
	int r = smi_shm_path(name, path, sizeof path);
	if (r < 0)
		return r;
	/* linkat() never follows a symlink at the new name: it fails EEXIST.
	 * thread-self, not self: /proc/self/fd is the leader thread's, gone
	 * once the main thread has exited while others run. */
	snprintf(self, sizeof self, "/proc/thread-self/fd/%d", fd);
	return linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0 ? -errno : 0;
}

int smi_shm_open(const char *name, bool readonly)
{
	char path[128];
	int r = smi_shm_path(name, path, sizeof path);
	if (r < 0)
		return r;
	/* O_NONBLOCK: a FIFO planted under the name would block a read-only
	 * open forever; callers then refuse anything but a regular file. */
	int fd = above_stdio(open(path, (readonly ? O_RDONLY : O_RDWR) | O_NOFOLLOW | O_CLOEXEC |
					  O_NONBLOCK));
	return fd;
}

int smi_shm_unlink(const char *name)
{
	char path[sizeof(SM_SHM_DIR "/" SM_FILE_PREFIX) + SM_INFO_NAME_MAX]; /* a foreign file's too */
	int r = smi_shm_path(name, path, sizeof path);
	if (r < 0)
		return r;
	return unlink(path) < 0 ? -errno : 0;
}

int smi_shm_names_fd(const char *name, int fd)
{
	char path[128];
	int r = smi_shm_path(name, path, sizeof path);
	if (r < 0)
		return r;
	struct stat mine, now;
	if (fstat(fd, &mine) < 0 || lstat(path, &now) < 0)
		return -errno;
	return mine.st_dev == now.st_dev && mine.st_ino == now.st_ino;
}

int smi_shm_lock(int fd, bool exclusive)
{
	/* Polled, not blocking: our holders only check and unlink or map, but
	 * a foreign process may hold a flock of its own for good. */
	for (int tries = 0; flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0; tries++) {
		if (errno != EWOULDBLOCK)
			return -errno;
		if (tries == 1000)
			return -EAGAIN;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	return 0;
}

void smi_shm_unlock(int fd) { flock(fd, LOCK_UN); }

int smi_shm_open_locked(const char *name)
{
	int fd = smi_shm_open(name, true);
	int r = fd < 0 ? fd : smi_shm_lock(fd, true);
	if (r < 0 && fd >= 0)
		close(fd);
	return r < 0 ? r : fd;
}

int smi_shm_unlink_fd(const char *name, int fd)
{
	int r = smi_shm_names_fd(name, fd);
	if (r < 0)
		return r;
	return r == 1 ? smi_shm_unlink(name) : -ENOENT;
}

int smi_shm_unlink_own(const char *name, int fd)
{
	bool locked = smi_shm_lock(fd, true) == 0;
	int r = smi_shm_unlink_fd(name, fd);
	if (locked)
		smi_shm_unlock(fd);
	return r;
}
