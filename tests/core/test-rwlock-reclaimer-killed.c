/* A process that frees a dead holder's share of the lock and is killed at
 * that instant does not make the death go unreported: the next holder
 * still gets SM_LOCK_RECOVERED.  The reclaimer is stopped right after its
 * store that frees the lock word (a hardware watchpoint set through
 * ptrace, x86-64 only) and killed there; once for a dead writer, once for
 * a dead reader. */
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "rwlock_internal.h"
#include "sharedmem.h"

static sm_buffer *buf;

static int die_holding(void *mode)
{
	sm_rwlock *lock = sm_buffer_lock(buf);
	if (*(const char *)mode == 'w') {
		CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), 0);
		((char *)sm_buffer_data(buf))[0] = 'x'; /* half-done work */
	} else {
		CHECK_EQ(sm_rwlock_read_acquire(lock, 1000), 0);
	}
	_exit(0); /* holding it */
}

/* Stops for the tracer to set its watchpoint, then looks once (timeout 0)
 * for dead holders and frees what they hold.  A writer's attempt, as a
 * reader would simply join a dead reader. */
static int reclaim(void *arg)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(T_EXIT_SKIP);
	raise(SIGSTOP);
	sm_rwlock *lock = sm_buffer_lock(buf);
	if (*(const char *)arg == 'w')
		sm_rwlock_read_acquire(lock, 0);
	else
		sm_rwlock_write_acquire(lock, 0);
	_exit(T_EXIT_SKIP); /* the watchpoint never fired */
}

static int give_up(pid_t r)
{
	kill(r, SIGKILL);
	t_wait(r);
	return T_EXIT_SKIP;
}

/* Run reclaim() traced with a write watchpoint on `word`; kill it at its
 * first write.  T_EXIT_PASS, or T_EXIT_SKIP where that cannot be done. */
static int kill_at_free(_Atomic uint64_t *word, const char *mode)
{
	pid_t r = t_fork(reclaim, (void *)mode);
	int status;
	CHECK_EQ(waitpid(r, &status, 0), r);
	if (!WIFSTOPPED(status))
		return T_EXIT_SKIP; /* no ptrace here */
	/* DR0 = the lock word; DR7: enable 0, break on writes, 8 bytes. */
	unsigned long dr7 = 1ul | (1ul << 16) | (3ul << 18);
	if (ptrace(PTRACE_POKEUSER, r, offsetof(struct user, u_debugreg[0]), word) < 0 ||
	    ptrace(PTRACE_POKEUSER, r, offsetof(struct user, u_debugreg[7]), dr7) < 0)
		return give_up(r); /* no hardware watchpoints here */
	CHECK_EQ(ptrace(PTRACE_CONT, r, NULL, NULL), 0);
	CHECK_EQ(waitpid(r, &status, 0), r);
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP)
		return give_up(r);
	CHECK_EQ(kill(r, SIGKILL), 0);
	CHECK_EQ(t_wait(r), 128 + SIGKILL);
	return T_EXIT_PASS;
}

int main(void)
{
#if !defined(__x86_64__)
	return T_EXIT_SKIP;
#else
	sm_rwlock *lock = t_locked_buffer("rwlock-reclaimer-killed", 64, NULL, &buf);
	/* The lock: the start of the payload, mapped here and in children. */
	struct smi_rwlock_shm *s = sm_segment_payload(sm_buffer_segment(buf));
	_Atomic uint64_t *word = (_Atomic uint64_t *)&s->word;

	/* A dead writer. */
	CHECK_EQ(t_wait(t_fork(die_holding, "w")), 0);
	CHECK(atomic_load(word) & SMI_RW_WRITER);
	int r = kill_at_free(word, "w");
	if (r != T_EXIT_PASS)
		return r;
	CHECK_EQ(atomic_load(word), 0); /* killed right after the free */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);

	/* A dead reader.  A live process (this one) recorded as the pending
	 * writer keeps the reclaimer's write attempt from touching the word
	 * before it frees the reader's bit. */
	CHECK_EQ(t_wait(t_fork(die_holding, "r")), 0);
	CHECK(atomic_load(word) & SMI_RW_READERS);
	atomic_store((_Atomic uint32_t *)&s->pending.pid, (uint32_t)getpid());
	CHECK_EQ(kill_at_free(word, "r"), T_EXIT_PASS);
	CHECK_EQ(atomic_load(word), 0);
	atomic_store((_Atomic uint32_t *)&s->pending.pid, 0);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 1000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
#endif
}
