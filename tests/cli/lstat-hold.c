/* lstat-hold.c — a test shim (LD_PRELOAD) that holds a process inside
 * its first lstat() of a name under /dev/shm, so that a test can act in
 * the window between what the process read just before the stat and the
 * stat itself.  With SM_TEST_HOLD_DIR=DIR set: it creates DIR/held, waits
 * (up to 10 s) for DIR/go to appear, then stats.  Unset, it only stats.
 * SM_TEST_HOLD_MQ_DIR=DIR does the same in a process's first receive from
 * a POSIX message queue (a benchmark's consumer, with the queue filling).
 * SM_TEST_HOLD_OPEN_DIR=DIR holds in a process's second open() of a name
 * under /dev/shm (inspect's open of the live state, after its stat).
 * SM_TEST_HOLD_STDIN_DIR=DIR holds in its first read() or ppoll() of
 * standard input, before the call (a signal sent then arrives just before
 * the process waits for input). */
/* Both names, lstat and lstat64, as themselves (meson builds with 64-bit
 * offsets, which would make lstat another name for lstat64). */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Create DIR/held and wait for DIR/go, DIR from environment variable `env`. */
static void hold(const char *env)
{
	const char *dir = getenv(env);
	if (!dir)
		return;
	char p[4096];
	snprintf(p, sizeof p, "%s/held", dir);
	FILE *f = fopen(p, "w");
	if (f)
		fclose(f);
	snprintf(p, sizeof p, "%s/go", dir);
	for (int i = 0; i < 1000 && access(p, F_OK) != 0; i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
}

static void hold_once(const char *path)
{
	static int held;
	if (held || strncmp(path, "/dev/shm/", 9) != 0)
		return;
	held = 1;
	hold("SM_TEST_HOLD_DIR");
}

/* glibc >= 2.33 exports lstat and lstat64 as functions; a program built
 * with 64-bit file offsets calls lstat64. */
int lstat64(const char *path, struct stat64 *st)
{
	static int (*real)(const char *, struct stat64 *);
	if (!real)
		real = (int (*)(const char *, struct stat64 *))dlsym(RTLD_NEXT, "lstat64");
	hold_once(path);
	return real(path, st);
}

int lstat(const char *path, struct stat *st)
{
	static int (*real)(const char *, struct stat *);
	if (!real)
		real = (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, "lstat");
	hold_once(path);
	return real(path, st);
}

static void hold_mq_once(void)
{
	static int held;
	if (!held) {
		held = 1;
		hold("SM_TEST_HOLD_MQ_DIR");
	}
}

ssize_t mq_receive(mqd_t q, char *buf, size_t len, unsigned *prio)
{
	static ssize_t (*real)(mqd_t, char *, size_t, unsigned *);
	if (!real)
		real = (ssize_t (*)(mqd_t, char *, size_t, unsigned *))dlsym(RTLD_NEXT, "mq_receive");
	hold_mq_once();
	return real(q, buf, len, prio);
}

ssize_t mq_timedreceive(mqd_t q, char *buf, size_t len, unsigned *prio, const struct timespec *t)
{
	static ssize_t (*real)(mqd_t, char *, size_t, unsigned *, const struct timespec *);
	if (!real)
		real = (ssize_t (*)(mqd_t, char *, size_t, unsigned *, const struct timespec *))dlsym(
			RTLD_NEXT, "mq_timedreceive");
	hold_mq_once();
	return real(q, buf, len, prio, t);
}

static void hold_second_open(const char *path)
{
	static int opens;
	if (strncmp(path, "/dev/shm/", 9) == 0 && ++opens == 2)
		hold("SM_TEST_HOLD_OPEN_DIR");
}

/* open() and open64() are one function on 64-bit targets, but a build
 * may call either name. */
#define HOLD_OPEN(fn)                                                              \
	int fn(const char *path, int flags, ...)                                   \
	{                                                                          \
		static int (*real)(const char *, int, ...);                        \
		if (!real)                                                         \
			real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #fn); \
		mode_t mode = 0;                                                   \
		if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {       \
			va_list ap;                                                \
			va_start(ap, flags);                                       \
			mode = va_arg(ap, mode_t);                                 \
			va_end(ap);                                                \
		}                                                                  \
		hold_second_open(path);                                            \
		return real(path, flags, mode);                                    \
	}
HOLD_OPEN(open)
HOLD_OPEN(open64)

static void hold_stdin_once(int fd)
{
	static int held;
	if (fd == STDIN_FILENO && !held) {
		held = 1;
		hold("SM_TEST_HOLD_STDIN_DIR");
	}
}

ssize_t read(int fd, void *buf, size_t len)
{
	static ssize_t (*real)(int, void *, size_t);
	if (!real)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	hold_stdin_once(fd);
	return real(fd, buf, len);
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *mask)
{
	static int (*real)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
	if (!real)
		real = (int (*)(struct pollfd *, nfds_t, const struct timespec *,
				const sigset_t *))dlsym(RTLD_NEXT, "ppoll");
	if (n > 0)
		hold_stdin_once(fds[0].fd);
	return real(fds, n, t, mask);
}
