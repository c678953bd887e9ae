/* test-rwlock-dead-reader-slots.c — a reader that dies holding the read
 * lock is reclaimed whichever reader slot it held, the first (0) and the
 * last (SM_RWLOCK_MAX_READERS - 1) included.  A reader takes the slot its
 * thread id hashes to, or the next free one; the test reserves every other
 * slot by hand (stamped with its own, live pid: reservations, not holds),
 * so the dying reader lands exactly in slot k.  A writer must then get the
 * lock, reported as SM_LOCK_RECOVERED, within its deadline. */
#include <stdatomic.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

static const char *name;

static int die_reading(void *arg)
{
	(void)arg;
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_rwlock_read_acquire(sm_buffer_lock(b), 1000), 0);
	_exit(0); /* holding it */
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("rw-dead-slots", 64, &name, &buf);
	struct smi_rwlock_shm *s = lock->shm;

	for (int k = 0; k < SM_RWLOCK_MAX_READERS; k++) {
		for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
			if (i != k)
				atomic_store((_Atomic uint32_t *)&s->readers[i].pid, (uint32_t)getpid());
		CHECK_EQ(t_wait(t_fork(die_reading, NULL)), 0);
		for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
			if (i != k)
				atomic_store((_Atomic uint32_t *)&s->readers[i].pid, 0);
		/* The dead reader holds slot k (and its bit). */
		CHECK(atomic_load((_Atomic uint32_t *)&s->readers[k].pid) != 0);
		CHECK(atomic_load((_Atomic uint64_t *)&s->word) & (UINT64_C(1) << k));
		CHECK_EQ(sm_rwlock_write_acquire(lock, 2000), SM_LOCK_RECOVERED);
		CHECK_EQ(sm_rwlock_write_release(lock), 0);
		CHECK_EQ(smi_slot_pid(atomic_load((_Atomic uint32_t *)&s->readers[k].pid)), 0);
	}
	struct sm_rwlock_info info;
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	CHECK_EQ(info.recoveries, SM_RWLOCK_MAX_READERS);
	CHECK_EQ(info.readers, 0);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
