/* test-rwlock-pid-namesake.c — a dead holder whose pid is now the
 * caller's own (pid reuse, or two pid namespaces sharing /dev/shm) is
 * not the caller.  Its records are written by hand with our pid and tid
 * and a start time that is not ours.  Our read release must free our own
 * slot, not the dead one's (which left ours held and writers locked out
 * until we exit), and release nothing we never took; our write acquire
 * must reclaim the dead writer, not answer -EDEADLK as if we held it. */
#include <errno.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

#define BOGUS_START UINT64_C(1) /* no process started this early after boot */

static void plant_dead_reader(struct smi_rwlock_shm *s, unsigned slot, uint32_t tid)
{
	atomic_store((_Atomic uint32_t *)&s->readers[slot].tid, tid);
	atomic_store((_Atomic uint64_t *)&s->readers[slot].start_time, BOGUS_START);
	atomic_store((_Atomic uint32_t *)&s->readers[slot].pid, (uint32_t)getpid());
	atomic_fetch_or((_Atomic uint64_t *)&s->word, UINT64_C(1) << slot);
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("rw-pid-namesake", 64, NULL, &buf);
	struct smi_rwlock_shm *s = lock->shm;
	uint32_t tid = (uint32_t)syscall(SYS_gettid);
	unsigned first = tid % SM_RWLOCK_MAX_READERS; /* where our reserve and release begin */

	/* The dead namesake sits where our release looks first. */
	plant_dead_reader(s, first, tid);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 1000), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(sm_rwlock_read_release(lock), -EPERM); /* the dead one's is not ours */
	int rc = sm_rwlock_write_acquire(lock, 1000);
	CHECK_EQ(rc, SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);

	/* A dead writer with our pid and tid. */
	atomic_store((_Atomic uint32_t *)&s->writer_tid, tid);
	atomic_store((_Atomic uint64_t *)&s->writer_start, BOGUS_START);
	atomic_store((_Atomic uint64_t *)&s->word, SMI_RW_WRITER | (uint32_t)getpid());
	CHECK_EQ(sm_rwlock_write_release(lock), -EPERM);
	rc = sm_rwlock_write_acquire(lock, 1000);
	CHECK_EQ(rc, SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);

	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
