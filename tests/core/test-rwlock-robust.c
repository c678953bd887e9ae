/* A lock holder that dies does not block the others: a writer or a reader
 * killed with SIGKILL while holding the lock (helper processes started
 * with fork+exec of this binary), a holder killed while another process
 * sleeps on the lock, a killed waiting writer that held readers back.  The
 * process that gets the lock next is told (SM_LOCK_RECOVERED), once. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

static const char *name;

/* Helper mode: take the lock as asked, write one byte to stdout, sleep
 * until killed. */
static int hold(const char *seg, const char *mode)
{
	t_die_with_parent();
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, seg, 0), 0);
	sm_rwlock *lock = sm_buffer_lock(b);
	if (strcmp(mode, "write") == 0) {
		CHECK(sm_rwlock_write_acquire(lock, -1) >= 0);
		memset(sm_buffer_data(b), 'x', 8); /* half-done work */
	} else {
		CHECK(sm_rwlock_read_acquire(lock, -1) >= 0);
	}
	CHECK_EQ(write(STDOUT_FILENO, "h", 1), 1);
	for (;;)
		pause();
}

static pid_t spawn_holder(const char *mode, bool wait_for_hold)
{
	int fd;
	const char *args[] = { "hold", name, mode, NULL };
	pid_t pid = t_exec_self(&fd, args);
	if (wait_for_hold)
		CHECK_EQ(t_read_signal(fd), 'h');
	close(fd);
	return pid;
}

static int expect_write_recovered(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	sm_rwlock *lock = sm_buffer_lock(b);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 5000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), 0); /* told once */
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	sm_buffer_close(b);
	return 0;
}

static int expect_read_recovered(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_rwlock_read_acquire(sm_buffer_lock(b), 5000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_read_release(sm_buffer_lock(b)), 0);
	sm_buffer_close(b);
	return 0;
}

static int expect_read_plain(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_rwlock_read_acquire(sm_buffer_lock(b), 5000), 0);
	CHECK_EQ(sm_rwlock_read_release(sm_buffer_lock(b)), 0);
	sm_buffer_close(b);
	return 0;
}

static void kill_holder(pid_t pid)
{
	CHECK_EQ(kill(pid, SIGKILL), 0);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "hold") == 0)
		return hold(argv[2], argv[3]);

	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("robust", 64, &name, &buf);
	struct sm_rwlock_info info;

	/* 1. A writer killed while holding the write lock.  Another process
	 * acquires within its timeout and is told, even before the dead one
	 * is reaped (a zombie holds nothing). */
	pid_t holder = spawn_holder("write", true);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.writer_pid, holder);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -ETIMEDOUT); /* alive: really held */
	kill_holder(holder);
	CHECK_EQ(t_wait(t_fork(expect_write_recovered, NULL)), 0);
	CHECK_EQ(t_wait(holder), 128 + SIGKILL);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.recoveries, 1);
	CHECK_EQ(info.writer_pid, 0);

	/* 2. A reader killed while holding a read lock blocks a writer only
	 * until the writer notices. */
	holder = spawn_holder("read", true);
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.readers, 1);
	CHECK_EQ(info.reader_pids[0], holder);
	kill_holder(holder);
	CHECK_EQ(t_wait(holder), 128 + SIGKILL);
	CHECK_EQ(t_wait(t_fork(expect_write_recovered, NULL)), 0);

	/* 3. A holder killed while another process sleeps on the lock: the
	 * sleeper wakes to check for dead holders and takes over. */
	holder = spawn_holder("write", true);
	pid_t sleeper = t_fork(expect_read_recovered, NULL);
	t_wait_until(t_lock_has_sleeper, lock, "the reader sleeps on the lock");
	kill_holder(holder);
	CHECK_EQ(t_wait(sleeper), 0);
	CHECK_EQ(t_wait(holder), 128 + SIGKILL);

	/* 4. Timeout 0 also clears a dead holder (one look, no sleeping). */
	holder = spawn_holder("write", true);
	kill_holder(holder);
	CHECK_EQ(t_wait(holder), 128 + SIGKILL);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), SM_LOCK_RECOVERED);
	CHECK_EQ(memcmp(sm_buffer_data(buf), "xxxxxxxx", 8), 0); /* what the dead writer left */
	CHECK_EQ(sm_rwlock_write_release(lock), 0);

	/* 5. A writer killed while waiting (pending) does not keep readers
	 * out; it held nothing, so nobody is told of a recovery. */
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), 0);
	holder = spawn_holder("write", false);
	t_wait_until(t_lock_writer_pending, lock, "the writer is pending");
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -ETIMEDOUT); /* held back */
	kill_holder(holder);
	CHECK_EQ(t_wait(t_fork(expect_read_plain, NULL)), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(t_wait(holder), 128 + SIGKILL);

	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.recoveries, 4);
	CHECK(info.writer_pid == 0 && info.readers == 0 && info.pending_writer == 0);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
