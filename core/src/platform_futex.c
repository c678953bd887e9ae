/* platform_futex.c — shared (inter-process) futex wait and wake. */
#include "platform.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int smi_futex_wait(uint32_t *word, uint32_t expected, int64_t timeout_ns)
{
	struct timespec ts, *tsp = NULL;
	if (timeout_ns >= 0) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000);
		ts.tv_nsec = (long)(timeout_ns % 1000000000);
		tsp = &ts;
	}
	/* Not FUTEX_PRIVATE: the word lives in memory shared between processes. */
	long r = syscall(SYS_futex, word, FUTEX_WAIT, expected, tsp, NULL, 0);
	if (r == 0 || errno == EAGAIN)
		return 0;
	if (errno == ETIMEDOUT)
		return -ETIMEDOUT;
	if (errno == EINTR)
		return -EINTR;
	return 0; /* EFAULT/EINVAL: treat as a spurious wake-up; callers re-check */
}

void smi_futex_wake(uint32_t *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0);
}

int smi_membarrier_register(void)
{
	static _Thread_local pid_t done_in; /* registration is per process */
	static _Thread_local int result;
	pid_t me = getpid();
	if (done_in == me)
		return result;
	long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	if (q < 0)
		result = -errno;
	else if (!(q & MEMBARRIER_CMD_GLOBAL_EXPEDITED))
		result = -ENOSYS;
	else if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0, 0) < 0)
		result = -errno;
	else
		result = 0;
	done_in = me;
	return result;
}

int smi_membarrier(void)
{
	return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0) < 0 ? -errno : 0;
}
