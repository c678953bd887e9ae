/* A thread id is not a process: /proc/TID/stat exists for every thread
 * (only the listing of /proc hides them), so a pid judged alone (no start
 * time: a lock word written by an older library, or a damaged one) that
 * names another process's thread counted as a live holder, and the lock
 * was held until that thread ended.  A lock word naming a thread of a live
 * helper process is planted by hand; a waiter must reclaim it.  The
 * helper itself and this process stay alive. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

static int tid_pipe[2];

static void *report_tid(void *arg)
{
	(void)arg;
	pid_t tid = (pid_t)syscall(SYS_gettid);
	CHECK_EQ(write(tid_pipe[1], &tid, sizeof tid), (ssize_t)sizeof tid);
	for (;;)
		pause();
	return NULL;
}

/* A process with a second thread, which reports its tid, then both wait. */
static int two_threads(void *arg)
{
	(void)arg;
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, report_tid, NULL), 0);
	for (;;)
		pause();
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("proc-alive-thread", 64, NULL, &buf);
	struct smi_rwlock_shm *s = lock->shm;

	CHECK_EQ(pipe(tid_pipe), 0);
	pid_t helper = t_fork(two_threads, NULL);
	pid_t tid;
	CHECK_EQ(read(tid_pipe[0], &tid, sizeof tid), (ssize_t)sizeof tid);
	CHECK(tid != helper);

	CHECK_EQ(sm_process_alive(helper), 1);
	CHECK_EQ(sm_process_alive(getpid()), 1);
	CHECK_EQ(sm_process_alive(tid), 0);

	atomic_store((_Atomic uint64_t *)&s->word, SMI_RW_WRITER | (uint32_t)tid);
	int rc = sm_rwlock_write_acquire(lock, 2000);
	if (rc >= 0)
		CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(rc, SM_LOCK_RECOVERED);

	CHECK_EQ(kill(helper, SIGKILL), 0);
	CHECK_EQ(t_wait(helper), 128 + SIGKILL);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
