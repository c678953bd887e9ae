/* The reader/writer lock: many readers at once, a writer excludes readers
 * and writers, readers exclude writers, a pending writer holds new readers
 * back, deadlines (0 and short), mutual exclusion under contention from
 * several processes and threads, the reader-slot limit, and bad calls. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

#define N_READERS   4
#define N_PROCS     2
#define N_THREADS   2
#define N_ITER      200

static const char *name;

struct shared { /* at offset 0 of the buffer */
	_Atomic uint32_t readers_in;
	uint32_t counter; /* only under the write lock */
	uint64_t a, b;    /* a == b whenever no writer holds the lock */
};

static int many_readers(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	struct shared *sh = sm_buffer_data(b);
	CHECK_EQ(sm_rwlock_read_acquire(sm_buffer_lock(b), 5000), 0);
	atomic_fetch_add(&sh->readers_in, 1);
	/* Every reader must be inside at once: exclusive readers never get here. */
	for (int i = 0; atomic_load(&sh->readers_in) < N_READERS; i++) {
		CHECK(i < 5000);
		t_sleep_ms(1);
	}
	CHECK_EQ(sm_rwlock_read_release(sm_buffer_lock(b)), 0);
	sm_buffer_close(b);
	return 0;
}

static int probe_write_held(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	sm_rwlock *lock = sm_buffer_lock(b);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 30), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_write_release(lock), -EPERM); /* not ours */
	sm_buffer_close(b);
	return 0;
}

static int probe_read_held(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	sm_rwlock *lock = sm_buffer_lock(b);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), -EPERM); /* the parent's hold is not ours */
	sm_buffer_close(b);
	return 0;
}

/* Deadlines, from another process (the parent holds a read lock): 0 tries
 * once; a short timeout waits that long, then gives up. */
static int deadline_probe(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	sm_rwlock *lock = sm_buffer_lock(b);
	struct timespec a, z;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 50), -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &z);
	int64_t waited_ms = (z.tv_sec - a.tv_sec) * 1000 + (z.tv_nsec - a.tv_nsec) / 1000000;
	CHECK(waited_ms >= 50 && waited_ms < 5000);
	struct sm_rwlock_info info;
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.pending_writer, 0); /* a writer that gave up no longer holds readers back */
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	sm_buffer_close(b);
	return 0;
}

static int pending_writer(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_rwlock_write_acquire(sm_buffer_lock(b), 5000), 0);
	CHECK_EQ(sm_rwlock_write_release(sm_buffer_lock(b)), 0);
	sm_buffer_close(b);
	return 0;
}

/* Contention: increment a plain counter under the write lock and check a
 * two-word invariant under the read lock. */
static void *hammer(void *arg)
{
	sm_buffer *b = arg;
	sm_rwlock *lock = sm_buffer_lock(b);
	struct shared *sh = sm_buffer_data(b);
	for (int i = 0; i < N_ITER; i++) {
		CHECK_EQ(sm_rwlock_write_acquire(lock, -1), 0);
		uint32_t c = sh->counter;
		sh->a++;
		if (i % 8 == 0)
			sched_yield(); /* let others run into the held lock */
		sh->counter = c + 1;
		sh->b++;
		CHECK_EQ(sm_rwlock_write_release(lock), 0);

		CHECK_EQ(sm_rwlock_read_acquire(lock, -1), 0);
		CHECK_EQ(sh->a, sh->b);
		CHECK_EQ(sm_rwlock_read_release(lock), 0);
	}
	return NULL;
}

static int contender(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	pthread_t th[N_THREADS];
	for (int i = 0; i < N_THREADS; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, hammer, b), 0);
	for (int i = 0; i < N_THREADS; i++)
		pthread_join(th[i], NULL);
	sm_buffer_close(b);
	return 0;
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("rwlock", sizeof(struct shared), &name, &buf);
	struct shared *sh = sm_buffer_data(buf);
	struct sm_rwlock_info info;

	/* Bad calls. */
	CHECK_EQ(sm_rwlock_read_acquire(NULL, 0), -EINVAL);
	CHECK_EQ(sm_rwlock_write_acquire(NULL, 0), -EINVAL);
	CHECK_EQ(sm_rwlock_read_release(lock), -EPERM);
	CHECK_EQ(sm_rwlock_write_release(lock), -EPERM);
	CHECK_EQ(sm_rwlock_get_info(lock, NULL), -EINVAL);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK(info.writer_pid == 0 && info.readers == 0 && info.pending_writer == 0);

	/* Many readers at once, in separate processes. */
	pid_t pids[N_READERS];
	for (int i = 0; i < N_READERS; i++)
		pids[i] = t_fork(many_readers, NULL);
	for (int i = 0; i < N_READERS; i++)
		CHECK_EQ(t_wait(pids[i]), 0);

	/* A writer excludes readers and other writers. */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), 0);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.writer_pid, getpid());
	/* The writer's own thread cannot take it again, either way, even
	 * willing to wait forever: it would wait for itself. */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -EDEADLK);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -EDEADLK);
	CHECK_EQ(sm_rwlock_read_acquire(lock, -1), -EDEADLK);
	CHECK_EQ(t_wait(t_fork(probe_write_held, NULL)), 0);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(sm_rwlock_write_release(lock), -EPERM);

	/* Readers exclude writers. */
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	CHECK_EQ(t_wait(t_fork(probe_read_held, NULL)), 0);

	/* A reader's own thread cannot upgrade: it would wait for itself. */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -EDEADLK);
	CHECK_EQ(sm_rwlock_write_acquire(lock, -1), -EDEADLK);
	CHECK_EQ(t_wait(t_fork(deadline_probe, NULL)), 0);

	/* A waiting writer holds new readers back until it has had its turn. */
	pid_t w = t_fork(pending_writer, NULL);
	t_wait_until(t_lock_writer_pending, lock, "the writer is pending");
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(t_wait(w), 0);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);

	/* Reader slots: SM_RWLOCK_MAX_READERS holds at once, then the next waits. */
	for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
		CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.readers, SM_RWLOCK_MAX_READERS);
	CHECK_EQ(info.reader_pids[SM_RWLOCK_MAX_READERS - 1], getpid());
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 20), -ETIMEDOUT);
	for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
		CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), -EPERM);

	/* Contention: processes x threads, sleeping on the futex. */
	memset(sh, 0, sizeof *sh);
	for (int i = 0; i < N_PROCS; i++)
		pids[i] = t_fork(contender, NULL);
	for (int i = 0; i < N_PROCS; i++)
		CHECK_EQ(t_wait(pids[i]), 0);
	CHECK_EQ(sh->counter, N_PROCS * N_THREADS * N_ITER);
	CHECK_EQ(sh->a, sh->b);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK(info.writer_pid == 0 && info.readers == 0 && info.recoveries == 0);

	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
