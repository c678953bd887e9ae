/* rwlock.c — the robust reader/writer lock in shared memory.
 *
 * State lives in one 64-bit word (layout in rwlock_internal.h): a writer
 * sets WRITER|stamp|pid, a reader sets the bit of a slot it has stamped
 * with its identity first.  Sleepers wait on a separate 32-bit futex
 * word `seq` that every release bumps.  Sleeps are cut into slices of
 * CHECK_INTERVAL_NS; after each slice (and when the deadline passes) a
 * blocked caller looks for dead holders and frees their share.
 *
 * Lost wake-ups are ruled out by the Dekker pattern on (seq, waiters):
 * a sleeper loads seq (acquire) before it looks at the lock, increments
 * waiters (seq_cst) and sleeps only while seq is unchanged (the kernel
 * compares); a releaser changes the lock, bumps seq (seq_cst) and wakes if
 * it sees waiters (seq_cst).  Either the sleeper sees the new seq or the
 * releaser sees the sleeper.
 */
#include "rwlock_internal.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "platform.h"
#include "segment_internal.h"
#include "sharedmem/error.h"

#define A64(p) ((_Atomic uint64_t *)(p))
#define A32(p) ((_Atomic uint32_t *)(p))

#define CHECK_INTERVAL_NS (20 * 1000000LL) /* how often sleepers look for dead holders */
#define SPIN_TRIES        16               /* brief spin before the first sleep */

/* ---- Identity ------------------------------------------------------------ */

/* This thread's process identity and tid, cached: no syscall on the hot
 * path.  fork() (through its atfork handler) clears the cache in the child,
 * the only thread there, whose pid and tid differ. */
struct self_id {
	struct smi_proc_id proc;
	uint32_t tid;
};

static _Thread_local struct self_id cached_self;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void forget_self(void) { cached_self.tid = 0; }
static void install_atfork(void) { pthread_atfork(NULL, NULL, forget_self); }

static struct self_id self_id(void)
{
	if (!cached_self.tid) {
		pthread_once(&atfork_once, install_atfork);
		cached_self.proc = smi_proc_self();
		cached_self.tid = (uint32_t)syscall(SYS_gettid);
	}
	return cached_self;
}

static void cpu_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#else
	sched_yield();
#endif
}

/* ---- Small pieces ------------------------------------------------------- */

void smi_rwlock_init(struct smi_rwlock_shm *shm)
{
	/* Before publication: the segment's release store of READY makes this
	 * visible to every opener. */
	memset(shm, 0, sizeof *shm);
}

static int check_handle(const sm_rwlock *lock)
{
	if (!lock || !lock->shm)
		return -EINVAL;
	return lock->readonly ? -EBADF : 0;
}

/* The segment's file was truncated under the mapping: the lock's state
 * went with it, and what is left are zero pages of this process's own, on
 * which the lock would look free whoever holds it. */
static bool lock_lost(const sm_rwlock *lock)
{
	return lock->seg && smi_segment_truncated(lock->seg);
}

/* What an acquire that got `r` returns: the lock it took is worthless if
 * the file went meanwhile. */
static int acquired(const sm_rwlock *lock, int r)
{
	return r >= 0 && lock_lost(lock) ? -SM_EBADHEADER : r;
}

static uint64_t reader_bit(int slot) { return UINT64_C(1) << slot; }

static void wake_all(struct smi_rwlock_shm *s)
{
	/* seq_cst, both: the releaser half of the Dekker pattern (file comment).
	 * The bump also orders the state change before it (release) for a
	 * sleeper that loads seq with acquire. */
	atomic_fetch_add_explicit(A32(&s->seq), 1, memory_order_seq_cst);
	if (atomic_load_explicit(A32(&s->waiters), memory_order_seq_cst))
		smi_futex_wake(&s->seq, INT32_MAX);
}

static bool proc_dead(uint32_t pid, uint64_t start_time)
{
	return !smi_proc_alive((int32_t)pid, start_time);
}

/* The owner word of a slot that goes from free word `free_word` to `pid`:
 * the next generation (rwlock_internal.h). */
static uint32_t slot_next_owner(uint32_t free_word, int32_t pid)
{
	uint32_t gen = (free_word + (UINT32_C(1) << SMI_SLOT_GEN_SHIFT)) & SMI_SLOT_GEN_MASK;
	return gen | (uint32_t)pid;
}

/* Claim a free slot for `me`: (GEN, 0) -> (GEN + 1, pid).  Acquire pairs
 * with the release store in slot_free(), so the previous owner's clearing
 * happens before our stamping. */
static bool slot_claim(struct smi_rwlock_slot *sl, struct smi_proc_id me, uint32_t tid)
{
	uint32_t free_word = atomic_load_explicit(A32(&sl->pid), memory_order_relaxed);
	if ((free_word & ~SMI_SLOT_GEN_MASK) != 0 ||
	    !atomic_compare_exchange_strong_explicit(A32(&sl->pid), &free_word,
						     slot_next_owner(free_word, me.pid),
						     memory_order_acquire, memory_order_relaxed))
		return false;
	atomic_store_explicit(A32(&sl->tid), tid, memory_order_relaxed);
	/* Release: a reclaimer that reads this start time (acquire) also sees
	 * the tid.  Until it lands, start_time is 0 and the pid alone is checked. */
	atomic_store_explicit(A64(&sl->start_time), me.start_time, memory_order_release);
	return true;
}

/* Free a slot that we own or marked (no one else writes its owner word
 * then), keeping its generation. */
static void slot_free(struct smi_rwlock_slot *sl)
{
	uint32_t gen = atomic_load_explicit(A32(&sl->pid), memory_order_relaxed) & SMI_SLOT_GEN_MASK;
	atomic_store_explicit(A64(&sl->start_time), 0, memory_order_relaxed);
	atomic_store_explicit(A32(&sl->tid), 0, memory_order_relaxed);
	/* Release: pairs with the acquire CAS in slot_claim(). */
	atomic_store_explicit(A32(&sl->pid), gen, memory_order_release);
}

/* Whether owner word `owner` of slot `sl` names `me` (holding or
 * reserving, not marking), stamped with our start time: not a dead
 * namesake's slot (pid reused). */
static bool slot_owned_by(struct smi_rwlock_slot *sl, uint32_t owner, struct smi_proc_id me)
{
	return (owner & ~SMI_SLOT_GEN_MASK) == (uint32_t)me.pid &&
	       atomic_load_explicit(A64(&sl->start_time), memory_order_relaxed) == me.start_time;
}

static int reader_slot_reserve(struct smi_rwlock_shm *s, struct smi_proc_id me, uint32_t tid)
{
	unsigned first = tid % SM_RWLOCK_MAX_READERS; /* spread threads over the table */
	for (unsigned k = 0; k < SM_RWLOCK_MAX_READERS; k++) {
		unsigned i = (first + k) % SM_RWLOCK_MAX_READERS;
		if (slot_claim(&s->readers[i], me, tid))
			return (int)i;
	}
	return -1;
}

/* Clear reader bit `slot` if it is set (only its slot's owner, or whoever
 * reclaims that slot, ever touches it).  True if it was set. */
static bool reader_bit_clear(struct smi_rwlock_shm *s, int slot)
{
	uint64_t bit = reader_bit(slot);
	uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
	while (!(w & SMI_RW_WRITER) && (w & bit)) {
		/* Release: the reader's reads of the data happen before a writer
		 * that acquires the word after this (pairs with its acquire CAS). */
		if (atomic_compare_exchange_weak_explicit(A64(&s->word), &w, w & ~bit,
							  memory_order_release, memory_order_relaxed))
			return true;
	}
	return false;
}

/* Say that a holder died before its share of the word goes free: the
 * freeing CAS (a release) then publishes it to whoever takes the lock
 * next, and a reclaimer killed right after that CAS has said it already. */
static void mark_owner_died(struct smi_rwlock_shm *s)
{
	atomic_store_explicit(A32(&s->owner_died), 1, memory_order_relaxed);
}

static void count_recovery(struct smi_rwlock_shm *s)
{
	atomic_fetch_add_explicit(A32(&s->recoveries), 1, memory_order_relaxed);
}

/* ---- Dead holders -------------------------------------------------------- */

void (*smi_rwlock_test_hook)(struct smi_rwlock_slot *sl, enum smi_rwlock_hook_point point);

static void rwlock_hook(struct smi_rwlock_slot *sl, enum smi_rwlock_hook_point point)
{
	if (__builtin_expect(smi_rwlock_test_hook != NULL, 0))
		smi_rwlock_test_hook(sl, point);
}

/* The owner word that says `me` clears a slot whose word was `seen`. */
static uint32_t reclaim_mark(uint32_t seen, struct smi_proc_id me)
{
	return SMI_SLOT_RECLAIM | (seen & SMI_SLOT_GEN_MASK) | (uint32_t)me.pid;
}

/* Mark slot `sl`, whose owner word still reads `seen`, with `mark`: only
 * one process wins it, and then frees the slot.  Release: whoever reads a
 * STAMPED mark (acquire) sees the start time that goes with it. */
static bool slot_mark_reclaim(struct smi_rwlock_slot *sl, uint32_t seen, uint32_t mark)
{
	return atomic_compare_exchange_strong_explicit(A32(&sl->pid), &seen, mark,
						       memory_order_acq_rel, memory_order_relaxed);
}

/* Take over slot `sl` whose owner (word `seen`) is dead: mark it, then
 * stamp our start time in it, so that if we are killed before we free it
 * we are told from a later process given our pid.  Between the two we are
 * judged by pid alone (start_time is still the dead owner's); no one else
 * writes the word of a slot marked by a live process. */
static bool slot_take_dead(struct smi_rwlock_slot *sl, uint32_t seen, struct smi_proc_id me)
{
	uint32_t mark = reclaim_mark(seen, me);
	if (!slot_mark_reclaim(sl, seen, mark))
		return false;
	atomic_store_explicit(A64(&sl->start_time), me.start_time, memory_order_relaxed);
	/* Release: pairs with the acquire load in slot_dead_owner(). */
	atomic_store_explicit(A32(&sl->pid), mark | SMI_SLOT_STAMPED, memory_order_release);
	return true;
}

/* If slot `sl`'s owner is dead, return its owner word (non-zero), for the
 * CAS that marks it; else 0. */
static uint32_t slot_dead_owner(struct smi_rwlock_slot *sl)
{
	uint32_t owner = atomic_load_explicit(A32(&sl->pid), memory_order_acquire);
	uint32_t pid = smi_slot_pid(owner);
	if (pid == 0)
		return 0;
	rwlock_hook(sl, SMI_RWLOCK_HOOK_OWNER_LOADED);
	/* A mark not yet stamped: start_time is still the dead owner's. */
	bool unstamped = (owner & SMI_SLOT_RECLAIM) && !(owner & SMI_SLOT_STAMPED);
	uint64_t start = unstamped ? 0 : atomic_load_explicit(A64(&sl->start_time), memory_order_acquire);
	if (!proc_dead(pid, start))
		return 0;
	rwlock_hook(sl, SMI_RWLOCK_HOOK_OWNER_DEAD);
	return owner;
}

/* Forget dead writer `seen`'s identity (start time `start`, thread `tid`,
 * read after the word) before its word goes free.  The freeing CAS is a
 * release and every later write of the word is an RMW, so a process that
 * reads the next writer's word also sees these zeros: it never pairs the
 * next writer's pid with the dead one's start time (which would make the
 * live writer look dead).  False if another reclaimer cleared them first,
 * or if the word no longer names `seen` (the start time read may then be
 * the next writer's). */
static bool writer_identity_clear(struct smi_rwlock_shm *s, uint64_t seen, uint64_t start, uint32_t tid)
{
	uint64_t now = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
	if ((now & SMI_RW_HOLDER) != (seen & SMI_RW_HOLDER))
		return false;
	/* A CAS, not a store: it fails if the dead writer's record was already
	 * taken over (another reclaimer, then the next writer's stamp). */
	if (start && !atomic_compare_exchange_strong_explicit(A64(&s->writer_start), &start, 0,
							      memory_order_relaxed, memory_order_relaxed))
		return false;
	atomic_compare_exchange_strong_explicit(A32(&s->writer_tid), &tid, 0, memory_order_relaxed,
						memory_order_relaxed);
	return true;
}

/* Free the write lock of dead writer `w` (keeping PENDING: the waiting
 * writer still waits).  acq_rel: we take over the dead writer's (possibly
 * half-written) data, and publish writer_identity_clear()'s zeros. */
static bool writer_word_free(struct smi_rwlock_shm *s, uint64_t w)
{
	uint64_t holder = w & SMI_RW_HOLDER;
	do {
		if (atomic_compare_exchange_weak_explicit(A64(&s->word), &w, w & SMI_RW_PENDING,
							  memory_order_acq_rel, memory_order_relaxed))
			return true;
	} while ((w & SMI_RW_HOLDER) == holder); /* only PENDING moved */
	return false;
}

/* Whether the writer named by word `w`, whose start time reads `start`, is
 * dead.  Before it writes its start time (0 here) it is known by the stamp
 * in its word: a live process under its pid with another stamp got that
 * pid after it died.  No stamp (a word set by an older library): the pid
 * alone. */
static bool writer_dead(uint64_t w, uint64_t start)
{
	uint32_t pid = (uint32_t)(w & SMI_RW_PID_MASK);
	uint64_t stamp = w & SMI_RW_STAMP_MASK;
	if (start || !stamp)
		return proc_dead(pid, start);
	uint64_t now = smi_proc_start_time((int32_t)pid);
	if (now && smi_rw_writer_stamp(now) != stamp)
		return true;
	return proc_dead(pid, now);
}

/* If the write lock's holder is dead, free the lock.  True if we did. */
static bool writer_reclaim_dead(struct smi_rwlock_shm *s)
{
	uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_acquire);
	if (!(w & SMI_RW_WRITER))
		return false;
	/* Acquire: pairs with the writer's release store of its start time,
	 * so writer_identity_clear() sees the word that start time goes with. */
	uint64_t start = atomic_load_explicit(A64(&s->writer_start), memory_order_acquire);
	/* Acquire: if this is the next writer's tid, the recheck of the word in
	 * writer_identity_clear() sees that writer's word. */
	uint32_t tid = atomic_load_explicit(A32(&s->writer_tid), memory_order_acquire);
	if (!writer_dead(w, start) || !writer_identity_clear(s, w, start, tid))
		return false;
	mark_owner_died(s);
	return writer_word_free(s, w);
}

/* Free whatever dead processes hold or reserve: the write lock, reader
 * slots (held or only reserved), the pending-writer record.  Returns how
 * many things were freed; wakes sleepers if any. */
static int reclaim_dead(struct smi_rwlock_shm *s)
{
	struct smi_proc_id me = self_id().proc;
	int freed = 0;

	if (writer_reclaim_dead(s)) {
		count_recovery(s);
		freed++;
	}
	for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++) {
		struct smi_rwlock_slot *sl = &s->readers[i];
		uint32_t dead = slot_dead_owner(sl);
		if (!dead || !slot_take_dead(sl, dead, me))
			continue;
		rwlock_hook(sl, SMI_RWLOCK_HOOK_MARKED);
		/* It held a read lock, not just a reservation: the bit is ours
		 * to clear now (we marked the slot), so it stays set until then. */
		uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
		if (!(w & SMI_RW_WRITER) && (w & reader_bit(i)))
			mark_owner_died(s);
		if (reader_bit_clear(s, i))
			count_recovery(s);
		slot_free(sl);
		freed++;
	}
	uint32_t dead = slot_dead_owner(&s->pending);
	if (dead && slot_take_dead(&s->pending, dead, me)) {
		/* A waiting writer died: let readers in again.  Not a holder, so
		 * nothing to recover. */
		atomic_fetch_and_explicit(A64(&s->word), ~SMI_RW_PENDING, memory_order_relaxed);
		slot_free(&s->pending);
		freed++;
	}
	if (freed)
		wake_all(s);
	return freed;
}

/* ---- Waiting ------------------------------------------------------------ */

struct wait_state {
	struct smi_deadline deadline;
	uint64_t next_check; /* when to look for dead holders next */
	int spins;
};

static void wait_init(struct wait_state *ws, int timeout_ms)
{
	ws->deadline = smi_deadline_from_ms(timeout_ms);
	ws->next_check = smi_now_ns() + CHECK_INTERVAL_NS;
	ws->spins = 0;
}

/* Called after a failed attempt that began by loading `seq`.  Returns 0 to
 * try again (after a spin, a sleep, or freeing a dead holder), or
 * -ETIMEDOUT once the deadline has passed and no dead holder was found. */
static int wait_block(struct smi_rwlock_shm *s, struct wait_state *ws, uint32_t seq)
{
	uint64_t now = smi_now_ns();
	bool passed = smi_deadline_passed(&ws->deadline);
	if (passed || now >= ws->next_check) {
		ws->next_check = now + CHECK_INTERVAL_NS;
		if (reclaim_dead(s) > 0)
			return 0;
		if (passed)
			return -ETIMEDOUT;
	}
	if (ws->spins < SPIN_TRIES) {
		ws->spins++;
		cpu_pause();
		return 0;
	}
	int64_t slice = (int64_t)(ws->next_check - now);
	int64_t left = smi_deadline_left_ns(&ws->deadline);
	if (left < slice)
		slice = left;
	/* seq_cst: the sleeper half of the Dekker pattern (file comment). */
	atomic_fetch_add_explicit(A32(&s->waiters), 1, memory_order_seq_cst);
	smi_futex_wait(&s->seq, seq, slice);
	atomic_fetch_sub_explicit(A32(&s->waiters), 1, memory_order_seq_cst);
	return 0;
}

/* The lock was just taken: report a dead predecessor once. */
static int took_lock(struct smi_rwlock_shm *s)
{
	if (atomic_load_explicit(A32(&s->owner_died), memory_order_relaxed) &&
	    atomic_exchange_explicit(A32(&s->owner_died), 0, memory_order_acq_rel))
		return SM_LOCK_RECOVERED;
	return 0;
}

/* ---- The caller's own holds ---------------------------------------------- */
/* A thread that takes the lock while it holds it would wait for itself
 * (forever, at timeout -1): both are refused with -EDEADLK, as POSIX's
 * rwlocks do.  Holds are matched by pid, start time and tid (ours are
 * stamped with all three: not a dead namesake's, pid reused). */

static bool caller_writes(struct smi_rwlock_shm *s, struct smi_proc_id me, uint32_t tid)
{
	uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
	return (w & SMI_RW_WRITER) && (w & SMI_RW_PID_MASK) == (uint32_t)me.pid &&
	       atomic_load_explicit(A32(&s->writer_tid), memory_order_relaxed) == tid &&
	       atomic_load_explicit(A64(&s->writer_start), memory_order_relaxed) == me.start_time;
}

static bool caller_reads(struct smi_rwlock_shm *s, struct smi_proc_id me, uint32_t tid)
{
	uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
	if (w & SMI_RW_WRITER || !(w & SMI_RW_READERS))
		return false;
	for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++) {
		struct smi_rwlock_slot *sl = &s->readers[i];
		if ((w & reader_bit(i)) &&
		    slot_owned_by(sl, atomic_load_explicit(A32(&sl->pid), memory_order_relaxed), me) &&
		    atomic_load_explicit(A32(&sl->tid), memory_order_relaxed) == tid)
			return true;
	}
	return false;
}

/* ---- Readers ------------------------------------------------------------ */

/* `once`: refuse a thread that reads already, too (see
 * smi_rwlock_read_acquire_once()). */
static int read_acquire(sm_rwlock *lock, int timeout_ms, bool once)
{
	int r = check_handle(lock);
	if (r < 0)
		return r;
	if (lock_lost(lock))
		return -SM_EBADHEADER;
	struct smi_rwlock_shm *s = lock->shm;
	struct self_id id = self_id();
	struct smi_proc_id me = id.proc;
	uint32_t tid = id.tid;
	if (caller_writes(s, me, tid) || (once && caller_reads(s, me, tid)))
		return -EDEADLK;
	struct wait_state ws;
	wait_init(&ws, timeout_ms);
	int slot = -1;
	for (;;) {
		/* Acquire: pairs with the release bump in wake_all(); see file comment. */
		uint32_t seq = atomic_load_explicit(A32(&s->seq), memory_order_acquire);
		if (slot < 0)
			slot = reader_slot_reserve(s, me, tid);
		if (slot >= 0) {
			uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
			while (!(w & (SMI_RW_WRITER | SMI_RW_PENDING))) {
				/* Acquire: pairs with the writer's release in
				 * sm_rwlock_write_release(): its data is visible. */
				if (atomic_compare_exchange_weak_explicit(A64(&s->word), &w, w | reader_bit(slot),
									  memory_order_acquire, memory_order_relaxed))
					return took_lock(s);
			}
		}
		r = wait_block(s, &ws, seq);
		if (r < 0) {
			if (slot >= 0) {
				slot_free(&s->readers[slot]);
				wake_all(s); /* a reader may wait for a free slot */
			}
			return r;
		}
	}
}

/* Find a slot of this process that holds a read lock, preferring the
 * calling thread's, and mark it for release (so two threads never release
 * the same one).  Its index, or -1. */
static int reader_slot_take_own(struct smi_rwlock_shm *s, struct smi_proc_id me, uint32_t tid)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 0; k < SM_RWLOCK_MAX_READERS; k++) {
			int i = (int)((tid + (unsigned)k) % SM_RWLOCK_MAX_READERS); /* where reserve began */
			struct smi_rwlock_slot *sl = &s->readers[i];
			uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
			uint32_t owner = atomic_load_explicit(A32(&sl->pid), memory_order_relaxed);
			if ((w & SMI_RW_WRITER) || !(w & reader_bit(i)) || !slot_owned_by(sl, owner, me) ||
			    (pass == 0 && atomic_load_explicit(A32(&sl->tid), memory_order_relaxed) != tid))
				continue;
			/* Stamped at once: its start time is ours already. */
			if (slot_mark_reclaim(sl, owner, reclaim_mark(owner, me) | SMI_SLOT_STAMPED))
				return i;
		}
	}
	return -1;
}

int sm_rwlock_read_acquire(sm_rwlock *lock, int timeout_ms)
{
	return acquired(lock, read_acquire(lock, timeout_ms, false));
}

int smi_rwlock_read_acquire_once(sm_rwlock *lock, int timeout_ms)
{
	return acquired(lock, read_acquire(lock, timeout_ms, true));
}

int sm_rwlock_read_release(sm_rwlock *lock)
{
	int r = check_handle(lock);
	if (r < 0)
		return r;
	if (lock_lost(lock))
		return -SM_EBADHEADER;
	struct smi_rwlock_shm *s = lock->shm;
	struct self_id id = self_id();
	int slot = reader_slot_take_own(s, id.proc, id.tid);
	if (slot < 0)
		return -EPERM;
	reader_bit_clear(s, slot);
	slot_free(&s->readers[slot]);
	wake_all(s);
	return 0;
}

/* ---- Writers ------------------------------------------------------------ */

/* Record this writer as the one readers must wait for, if none is. */
static bool pending_claim(struct smi_rwlock_shm *s, struct smi_proc_id me, uint32_t tid)
{
	if (!slot_claim(&s->pending, me, tid))
		return false;
	/* Readers test PENDING before entering; it is only a preference, so
	 * no ordering beyond the RMW itself is needed. */
	atomic_fetch_or_explicit(A64(&s->word), SMI_RW_PENDING, memory_order_relaxed);
	return true;
}

static void pending_drop(struct smi_rwlock_shm *s)
{
	atomic_fetch_and_explicit(A64(&s->word), ~SMI_RW_PENDING, memory_order_relaxed);
	slot_free(&s->pending);
	wake_all(s); /* readers held back by PENDING */
}

static int write_acquire(sm_rwlock *lock, int timeout_ms)
{
	int r = check_handle(lock);
	if (r < 0)
		return r;
	if (lock_lost(lock))
		return -SM_EBADHEADER;
	struct smi_rwlock_shm *s = lock->shm;
	struct self_id id = self_id();
	struct smi_proc_id me = id.proc;
	uint32_t tid = id.tid;
	if (caller_writes(s, me, tid) || caller_reads(s, me, tid))
		return -EDEADLK;
	uint64_t w;
	struct wait_state ws;
	wait_init(&ws, timeout_ms);
	bool pending = false;
	for (;;) {
		/* Acquire: pairs with the release bump in wake_all(). */
		uint32_t seq = atomic_load_explicit(A32(&s->seq), memory_order_acquire);
		w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
		while (!(w & (SMI_RW_WRITER | SMI_RW_READERS))) {
			/* Keep PENDING unless it is ours (another writer still waits). */
			uint64_t nw = SMI_RW_WRITER | smi_rw_writer_stamp(me.start_time) |
				      (uint32_t)me.pid | (pending ? 0 : (w & SMI_RW_PENDING));
			/* Acquire: pairs with the release of the previous writer or of
			 * the last reader (reader_bit_clear). */
			if (atomic_compare_exchange_weak_explicit(A64(&s->word), &w, nw,
								  memory_order_acquire, memory_order_relaxed)) {
				/* Release, both: a reclaimer that reads either (acquire)
				 * also sees our word.  Until the start time lands it reads
				 * 0 (the previous holder's was cleared before the word went
				 * free) and judges us by pid and the word's stamp. */
				atomic_store_explicit(A32(&s->writer_tid), tid, memory_order_release);
				atomic_store_explicit(A64(&s->writer_start), me.start_time, memory_order_release);
				if (pending)
					slot_free(&s->pending);
				return took_lock(s);
			}
		}
		if (!pending)
			pending = pending_claim(s, me, tid);
		r = wait_block(s, &ws, seq);
		if (r < 0) {
			if (pending)
				pending_drop(s);
			return r;
		}
	}
}

int sm_rwlock_write_acquire(sm_rwlock *lock, int timeout_ms)
{
	return acquired(lock, write_acquire(lock, timeout_ms));
}

int sm_rwlock_write_release(sm_rwlock *lock)
{
	int r = check_handle(lock);
	if (r < 0)
		return r;
	if (lock_lost(lock))
		return -SM_EBADHEADER;
	struct smi_rwlock_shm *s = lock->shm;
	struct smi_proc_id me = self_id().proc;
	uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_relaxed);
	/* Once, before the loop clears it: a dead namesake (pid reused) left
	 * another start time; ours was stamped before our acquire returned. */
	if (atomic_load_explicit(A64(&s->writer_start), memory_order_relaxed) != me.start_time)
		return -EPERM;
	for (;;) {
		if (!(w & SMI_RW_WRITER) || (w & SMI_RW_PID_MASK) != (uint32_t)me.pid)
			return -EPERM;
		/* Clear our identity before the word goes free, so the next
		 * writer's word is never seen with our start time. */
		atomic_store_explicit(A32(&s->writer_tid), 0, memory_order_relaxed);
		atomic_store_explicit(A64(&s->writer_start), 0, memory_order_relaxed);
		/* Release: our writes to the data happen before the next holder's
		 * acquire CAS.  Keep PENDING (a writer set it while we held). */
		if (atomic_compare_exchange_weak_explicit(A64(&s->word), &w, w & SMI_RW_PENDING,
							  memory_order_release, memory_order_relaxed))
			break;
	}
	wake_all(s);
	return 0;
}

/* ---- Monitoring --------------------------------------------------------- */

int sm_rwlock_get_info(const sm_rwlock *lock, struct sm_rwlock_info *info)
{
	if (!lock || !lock->shm || !info)
		return -EINVAL;
	struct smi_rwlock_shm *s = lock->shm;
	memset(info, 0, sizeof *info);
	uint64_t w = atomic_load_explicit(A64(&s->word), memory_order_acquire);
	if (w & SMI_RW_WRITER) {
		info->writer_pid = (int32_t)(w & SMI_RW_PID_MASK);
	} else {
		for (int i = 0; i < SM_RWLOCK_MAX_READERS; i++)
			if (w & reader_bit(i))
				info->reader_pids[info->readers++] = (int32_t)smi_slot_pid(
					atomic_load_explicit(A32(&s->readers[i].pid), memory_order_relaxed));
	}
	if (w & SMI_RW_PENDING)
		info->pending_writer = (int32_t)smi_slot_pid(
			atomic_load_explicit(A32(&s->pending.pid), memory_order_relaxed));
	info->waiters = atomic_load_explicit(A32(&s->waiters), memory_order_relaxed);
	info->recoveries = atomic_load_explicit(A32(&s->recoveries), memory_order_relaxed);
	return 0;
}
