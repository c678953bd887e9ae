/* test-rwlock-slot-aba.c — a process looking for dead readers judges a
 * slot's owner by two loads, its pid then its start time, and frees the
 * slot by a CAS on the pid word.
 *
 * 1. The slot changes hands between the loads and its first owner, a live
 *    reader X, takes it back before the CAS: the checker paired X's pid
 *    with the other owner's start time, judged X dead, and its CAS (pid
 *    X again) succeeded; it cleared X's reader bit, a writer got the lock
 *    (SM_LOCK_RECOVERED) while X read, and X's release said -EPERM.  The
 *    slot's generation makes that CAS fail.  The hook plays the other
 *    owner, Y, in the window.
 * 2. A reclaimer killed after it marked a dead reader's slot, before it
 *    cleared the bit, was judged by its pid alone: once that pid was
 *    given to another, live process the lock stayed held until that
 *    process exited.  Its mark now carries its start time. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "platform.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

static struct smi_rwlock_shm *shm;
static sm_buffer *buf;

static _Atomic uint32_t *owner_word(struct smi_rwlock_slot *sl)
{
	return (_Atomic uint32_t *)&sl->pid;
}

/* What the library does, by hand: the owner frees slot `sl`, then `pid`
 * started at `start` claims it and stamps its start time. */
static void hand_over(struct smi_rwlock_slot *sl, uint32_t pid, uint64_t start)
{
	uint32_t gen = atomic_load(owner_word(sl)) & SMI_SLOT_GEN_MASK;
	atomic_store((_Atomic uint64_t *)&sl->start_time, 0);
	atomic_store(owner_word(sl), gen);
	gen = (gen + (UINT32_C(1) << SMI_SLOT_GEN_SHIFT)) & SMI_SLOT_GEN_MASK;
	atomic_store(owner_word(sl), gen | pid);
	atomic_store((_Atomic uint64_t *)&sl->start_time, start);
}

static uint32_t x_pid, y_pid;
static uint64_t x_start, y_start;

static void aba(struct smi_rwlock_slot *sl, enum smi_rwlock_hook_point point)
{
	if (sl == &shm->pending) /* the checker's own record: its pid is X's too */
		return;
	if (point == SMI_RWLOCK_HOOK_OWNER_LOADED) { /* X leaves, Y comes */
		hand_over(sl, y_pid, y_start);
	} else if (point == SMI_RWLOCK_HOOK_OWNER_DEAD) { /* Y leaves, X comes back */
		hand_over(sl, x_pid, x_start);
		smi_rwlock_test_hook = NULL;
	}
}

static void *write_once(void *lock)
{
	static int r;
	r = sm_rwlock_write_acquire(lock, 200);
	return &r;
}

static void live_reader_taken_back(sm_rwlock *lock)
{
	x_pid = (uint32_t)getpid();
	x_start = smi_proc_start_time(getpid());
	y_pid = (uint32_t)getppid();
	y_start = x_start + 1; /* a process started a tick after X */
	CHECK(x_start != 0);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 1000), 0); /* X */

	/* The checker: a writer in another thread, as the hook is per process. */
	smi_rwlock_test_hook = aba;
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, write_once, lock), 0);
	void *ret;
	CHECK_EQ(pthread_join(t, &ret), 0);
	CHECK(smi_rwlock_test_hook == NULL); /* the window was played */
	CHECK_EQ(*(int *)ret, -ETIMEDOUT);
	CHECK_EQ(sm_rwlock_read_release(lock), 0);
}

static int die_reading(void *arg)
{
	(void)arg;
	CHECK_EQ(sm_rwlock_read_acquire(sm_buffer_lock(buf), 1000), 0);
	_exit(0);
}

static void die_here(struct smi_rwlock_slot *sl, enum smi_rwlock_hook_point point)
{
	(void)sl;
	if (point == SMI_RWLOCK_HOOK_MARKED)
		_exit(0);
}

/* Finds a dead reader, marks its slot and dies there. */
static int reclaim_and_die(void *arg)
{
	(void)arg;
	smi_rwlock_test_hook = die_here;
	sm_rwlock_write_acquire(sm_buffer_lock(buf), 0);
	_exit(1); /* found nothing */
}

static int marked_slot(void)
{
	for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
		if (atomic_load(owner_word(&shm->readers[i])) & SMI_SLOT_RECLAIM)
			return i;
	return -1;
}

/* A live process started in another clock tick than `start`. */
static pid_t live_process_not_started_at(uint64_t start)
{
	for (;;) {
		pid_t p = t_fork(t_live_forever, NULL);
		if (smi_proc_start_time(p) != start)
			return p;
		kill(p, SIGKILL);
		t_wait(p);
	}
}

static void reclaimer_killed_pid_reused(sm_rwlock *lock)
{
	CHECK_EQ(t_wait(t_fork(die_reading, NULL)), 0);
	pid_t reclaimer = t_fork(reclaim_and_die, NULL);
	uint64_t reclaimer_start = smi_proc_start_time(reclaimer);
	CHECK_EQ(t_wait(reclaimer), 0);
	int slot = marked_slot();
	CHECK(slot >= 0);

	/* Its pid given to another, live process. */
	pid_t other = live_process_not_started_at(reclaimer_start);
	_Atomic uint32_t *w = owner_word(&shm->readers[slot]);
	atomic_store(w, (atomic_load(w) & ~SMI_SLOT_PID_MASK) | (uint32_t)other);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	kill(other, SIGKILL);
	t_wait(other);
}

int main(void)
{
	sm_rwlock *lock = t_locked_buffer("rw-slot-aba", 64, NULL, &buf);
	shm = sm_segment_payload(sm_buffer_segment(buf));

	live_reader_taken_back(lock);
	reclaimer_killed_pid_reused(lock);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
