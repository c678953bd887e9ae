/* The array's lock, ported from the C# ArrayTests:
 * AcquireWriteLock_ReadWrite_LocksCorrectly (a reader blocks until the
 * writer releases, then sees the new data) and
 * AcquireReadWriteLocks_ReadWrite_Blocks (each lock makes the other's
 * 10 ms acquire time out). */
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

static const char *name;

static int reader_waits_for_writer(void *arg)
{
	sm_array *a;
	CHECK_EQ(SM_ARRAY_OPEN(&a, name, int32_t, 0), 0);
	sm_rwlock *lock = sm_array_lock(a);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -ETIMEDOUT); /* the writer holds it */
	CHECK_EQ(sm_rwlock_read_acquire(lock, -1), 0);           /* sleeps until released */
	int32_t x;
	CHECK_EQ(SM_ARRAY_GET(a, 0, &x), 0);
	CHECK_EQ(x, 456); /* written by the writer just before it released */
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	sm_array_close(a);
	return 0;
}

/* Child probes while the parent holds the lock in mode *arg. */
static int probe_while_held(void *arg)
{
	const char *held = arg;
	sm_array *a;
	CHECK_EQ(SM_ARRAY_OPEN(&a, name, int32_t, 0), 0);
	sm_rwlock *lock = sm_array_lock(a);
	if (strcmp(held, "read") == 0) {
		CHECK_EQ(sm_rwlock_write_acquire(lock, 10), -ETIMEDOUT);
		CHECK_EQ(sm_rwlock_read_acquire(lock, 10), 0); /* readers share */
		CHECK_EQ(sm_rwlock_read_release(lock), 0);
	} else if (strcmp(held, "write") == 0) {
		CHECK_EQ(sm_rwlock_write_acquire(lock, 10), -ETIMEDOUT);
		CHECK_EQ(sm_rwlock_read_acquire(lock, 10), -ETIMEDOUT);
	} else { /* free */
		CHECK_EQ(sm_rwlock_read_acquire(lock, 10), 0);
		CHECK_EQ(sm_rwlock_read_release(lock), 0);
		CHECK_EQ(sm_rwlock_write_acquire(lock, 10), 0);
		CHECK_EQ(sm_rwlock_write_release(lock), 0);
	}
	sm_array_close(a);
	return 0;
}

int main(void)
{
	name = t_name("arrlock");
	t_remove_at_exit(name);
	sm_array *a;
	CHECK_EQ(SM_ARRAY_CREATE(&a, name, int32_t, 10, NULL), 0);
	sm_rwlock *lock = sm_array_lock(a);
	CHECK_EQ(SM_ARRAY_SET(a, int32_t, 0, 123), 0);

	/* AcquireWriteLock_ReadWrite_LocksCorrectly. */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), 0);
	pid_t child = t_fork(reader_waits_for_writer, NULL);
	t_wait_until(t_lock_has_sleeper, lock, "the reader sleeps on the lock");
	CHECK_EQ(SM_ARRAY_SET(a, int32_t, 0, 456), 0);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(t_wait(child), 0);

	/* AcquireReadWriteLocks_ReadWrite_Blocks. */
	CHECK_EQ(sm_rwlock_read_acquire(lock, 10), 0);
	CHECK_EQ(t_wait(t_fork(probe_while_held, "read")), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 10), 0);
	CHECK_EQ(t_wait(t_fork(probe_while_held, "write")), 0);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(t_wait(t_fork(probe_while_held, "free")), 0);

	sm_array_close(a);
	return T_EXIT_PASS;
}
