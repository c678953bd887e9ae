/* fork-fail.c — a test shim (LD_PRELOAD) that makes one fork() of a
 * process fail: with SM_TEST_FORK_FAIL=N set, its N-th call (from 1)
 * returns -1 with errno EAGAIN, as when the user is out of processes
 * (RLIMIT_NPROC, which does not bind root).  Unset, it only forks. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

pid_t fork(void)
{
	static pid_t (*real)(void);
	static unsigned long calls;
	if (!real)
		real = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
	const char *n = getenv("SM_TEST_FORK_FAIL");
	if (n && strtoul(n, NULL, 10) == ++calls) {
		errno = EAGAIN;
		return -1;
	}
	return real();
}
