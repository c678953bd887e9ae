/* test-rwlock-pid-reused.c — a holder is identified by pid and start time:
 * a dead holder whose pid now belongs to another, live process is still
 * dead.  The lock records are written by hand with a live helper's pid
 * and a start time that is not the helper's (what a dead holder leaves
 * when its pid has been reused); the lock must be reclaimed
 * (SM_LOCK_RECOVERED), not wait for the unrelated process to exit.
 *
 * The same for a writer killed between taking the lock word and writing
 * its start time (writer_start still 0): it was judged by pid alone, and
 * its reused pid held the lock forever.  The stamp of its start time in
 * the word tells it from the helper; the helper's own stamp there (a live
 * writer slow to write its start time) keeps the lock. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "platform.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

#define BOGUS_START UINT64_C(1) /* no process started this early after boot */
#define SLOT 5

/* The word as a writer leaves it right after its CAS, nothing else yet. */
static void plant_unstamped_writer(struct smi_rwlock_shm *s, pid_t pid, uint64_t start_time)
{
	atomic_store((_Atomic uint32_t *)&s->writer_tid, 0);
	atomic_store((_Atomic uint64_t *)&s->writer_start, 0);
	atomic_store((_Atomic uint64_t *)&s->word,
		     SMI_RW_WRITER | smi_rw_writer_stamp(start_time) | (uint32_t)pid);
}

static uint32_t recoveries(sm_rwlock *lock)
{
	struct sm_rwlock_info info;
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	return info.recoveries;
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("rw-pid-reused", 64, NULL, &buf);
	struct smi_rwlock_shm *s = lock->shm;
	pid_t other = t_fork(t_live_forever, NULL);

	/* A reader "died" in slot SLOT; its pid is now `other`'s. */
	atomic_store((_Atomic uint32_t *)&s->readers[SLOT].tid, 1);
	atomic_store((_Atomic uint64_t *)&s->readers[SLOT].start_time, BOGUS_START);
	atomic_store((_Atomic uint32_t *)&s->readers[SLOT].pid, (uint32_t)other);
	atomic_store((_Atomic uint64_t *)&s->word, UINT64_C(1) << SLOT);
	int rc = sm_rwlock_write_acquire(lock, 2000);
	if (rc >= 0)
		CHECK_EQ(sm_rwlock_write_release(lock), 0);
	CHECK_EQ(rc, SM_LOCK_RECOVERED);
	CHECK_EQ(smi_slot_pid(atomic_load((_Atomic uint32_t *)&s->readers[SLOT].pid)), 0);

	/* A writer "died" holding the lock; its pid is now `other`'s. */
	atomic_store((_Atomic uint32_t *)&s->writer_tid, 1);
	atomic_store((_Atomic uint64_t *)&s->writer_start, BOGUS_START);
	atomic_store((_Atomic uint64_t *)&s->word, SMI_RW_WRITER | (uint32_t)other);
	rc = sm_rwlock_read_acquire(lock, 2000);
	if (rc >= 0)
		CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(rc, SM_LOCK_RECOVERED);

	/* A writer died before writing its start time; its pid is now `other`'s. */
	plant_unstamped_writer(s, other, BOGUS_START);
	rc = sm_rwlock_read_acquire(lock, 2000);
	if (rc >= 0)
		CHECK_EQ(sm_rwlock_read_release(lock), 0);
	CHECK_EQ(rc, SM_LOCK_RECOVERED);

	/* `other` itself took the word and has not written its start time yet. */
	uint64_t other_start = smi_proc_start_time(other);
	CHECK(other_start != 0);
	plant_unstamped_writer(s, other, other_start);
	uint32_t before = recoveries(lock);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 200), -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 200), -ETIMEDOUT);
	CHECK_EQ(recoveries(lock), before);
	atomic_store((_Atomic uint64_t *)&s->word, 0);

	/* The helper itself, with its own start time, was never judged dead. */
	CHECK_EQ(kill(other, 0), 0);
	CHECK_EQ(kill(other, SIGKILL), 0);
	CHECK_EQ(t_wait(other), 128 + SIGKILL);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
