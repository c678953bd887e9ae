/* A dead holder's identity does not outlive its reclaim (found in review).
 * Acquiring sets the lock word (or a reader slot's pid) first and stamps
 * the start time after; if the dead holder's start time were still there,
 * a waiter looking in that gap would pair the new, live pid with the old
 * start time, judge the new holder dead and take the lock too.  Each case
 * makes a holder die, lets the lock reclaim it, then performs by hand only
 * the first step of the next holder's acquisition (for a live helper
 * process) and checks that a waiter does not take the lock. */
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

static const char *name;

static int die_holding(void *mode)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	if (*(const char *)mode == 'w')
		CHECK_EQ(sm_rwlock_write_acquire(sm_buffer_lock(b), 1000), 0);
	else
		CHECK_EQ(sm_rwlock_read_acquire(sm_buffer_lock(b), 1000), 0);
	_exit(0); /* holding it */
}

static void kill_and_reap(pid_t pid)
{
	CHECK_EQ(kill(pid, SIGKILL), 0);
	CHECK_EQ(t_wait(pid), 128 + SIGKILL);
}

static uint32_t recoveries(sm_rwlock *lock)
{
	struct sm_rwlock_info info;
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	return info.recoveries;
}

/* A writer dies holding; a reader reclaims it.  A live writer then sets
 * the word (its first step); a waiting writer must not take the lock. */
static void dead_writer_then_live_writer(sm_rwlock *lock)
{
	struct smi_rwlock_shm *s = lock->shm;
	CHECK_EQ(t_wait(t_fork(die_holding, "w")), 0);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(atomic_load((_Atomic uint64_t *)&s->writer_start), 0);
	CHECK_EQ(atomic_load((_Atomic uint32_t *)&s->writer_tid), 0);

	pid_t live = t_fork(t_live_forever, NULL);
	uint64_t free_word = 0;
	CHECK(atomic_compare_exchange_strong((_Atomic uint64_t *)&s->word, &free_word,
					     SMI_RW_WRITER | (uint32_t)live));
	uint32_t before = recoveries(lock);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 100), -ETIMEDOUT);
	CHECK_EQ(recoveries(lock), before);

	kill_and_reap(live); /* now really dead: reclaimed as such */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
}

static int slot_of(struct smi_rwlock_shm *s, pid_t pid)
{
	for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
		if (smi_slot_pid(atomic_load((_Atomic uint32_t *)&s->readers[i].pid)) == (uint32_t)pid)
			return i;
	return -1;
}

/* The same for a reader slot: a reader dies holding; a writer reclaims
 * it.  A live reader then claims the slot and sets its bit without its
 * start time; a waiting writer must not take the lock. */
static void dead_reader_then_live_reader(sm_rwlock *lock)
{
	struct smi_rwlock_shm *s = lock->shm;
	pid_t dead = t_fork(die_holding, "r");
	CHECK_EQ(t_wait(dead), 0);
	int slot = slot_of(s, dead);
	CHECK(slot >= 0);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(atomic_load((_Atomic uint64_t *)&s->readers[slot].start_time), 0);

	pid_t live = t_fork(t_live_forever, NULL);
	uint32_t free_owner = atomic_load((_Atomic uint32_t *)&s->readers[slot].pid);
	CHECK_EQ(smi_slot_pid(free_owner), 0);
	CHECK(atomic_compare_exchange_strong((_Atomic uint32_t *)&s->readers[slot].pid, &free_owner,
					     free_owner | (uint32_t)live));
	atomic_fetch_or((_Atomic uint64_t *)&s->word, UINT64_C(1) << slot);
	uint32_t before = recoveries(lock);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 100), -ETIMEDOUT);
	CHECK_EQ(recoveries(lock), before);

	kill_and_reap(live);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("stale-identity", 64, &name, &buf);

	dead_writer_then_live_writer(lock);
	dead_reader_then_live_reader(lock);

	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
