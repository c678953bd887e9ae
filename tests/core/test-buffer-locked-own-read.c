/* sm_buffer_read_locked() by a thread that holds the buffer's read lock
 * already: -EDEADLK, as buffer.h promises ("the calling thread holds the
 * buffer's lock already"), not a second read hold.  Read locks are not
 * recursive (rwlock.h): with a writer pending, that second hold waits for
 * the thread's own release, so a copy with timeout -1 would hang for
 * good.  The refusal comes at once, writer pending or not, and through
 * any handle of the buffer; a copy under another thread's hold works. */
#include <errno.h>
#include <pthread.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

static const char *name;

/* A t_fork() child: wait to write (pending behind our read hold), write. */
static int pending_writer(void *arg)
{
	(void)arg;
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_buffer_write_locked(b, 0, "w", 1, 5000), 0);
	sm_buffer_close(b);
	return 0;
}

/* Another thread of this process: a read of its own is no deadlock. */
static void *other_thread_reads(void *b)
{
	char c;
	return (void *)(intptr_t)sm_buffer_read_locked(b, 0, &c, 1, 0);
}

int main(void)
{
	sm_buffer *b, *other;
	sm_rwlock *lock = t_locked_buffer("locked-own-read", 8, &name, &b);
	CHECK_EQ(sm_buffer_open(&other, name, 0), 0);
	char c;
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	CHECK_EQ(sm_buffer_read_locked(b, 0, &c, 1, 0), -EDEADLK);
	CHECK_EQ(sm_buffer_read_locked(other, 0, &c, 1, -1), -EDEADLK);
	pthread_t t;
	void *rc;
	CHECK_EQ(pthread_create(&t, NULL, other_thread_reads, b), 0);
	CHECK_EQ(pthread_join(t, &rc), 0);
	CHECK_EQ((intptr_t)rc, 0);

	pid_t w = t_fork(pending_writer, NULL);
	t_wait_until(t_lock_writer_pending, lock, "the writer is pending");
	uint64_t start = t_now_ms();
	CHECK_EQ(sm_buffer_read_locked(b, 0, &c, 1, 2000), -EDEADLK);
	CHECK(t_now_ms() - start < 1000);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(t_wait(w), 0);
	CHECK_EQ(sm_buffer_read_locked(b, 0, &c, 1, 0), 0); /* no hold left: a copy */
	CHECK_EQ(c, 'w');
	sm_buffer_close(other);
	sm_buffer_close(b);
	return T_EXIT_PASS;
}
