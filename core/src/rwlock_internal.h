/* rwlock_internal.h — the shared-memory layout of the robust reader/writer
 * lock and the process-local handle to it (see sharedmem/rwlock.h). */
#ifndef SHAREDMEM_RWLOCK_INTERNAL_H
#define SHAREDMEM_RWLOCK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sharedmem/rwlock.h"

/* The lock word (64 bits, `word`):
 *   bit 63 WRITER   a writer holds the lock; bits 0..31 are its pid
 *   bit 62 PENDING  a writer waits for readers to leave; readers stay out
 *   otherwise bits 0..61: reader slot i holds a read lock
 *   with WRITER, bits 32..61 STAMP: the writer's start time, folded
 *   (smi_rw_writer_stamp; 0: unknown, or set by a library before the stamp)
 * Acquiring sets the holder's identity in the same atomic step (the
 * writer's pid and stamp in the word, the reader's slot bit pointing at a
 * slot already stamped with its identity), so a holder can never die
 * "holding the lock but unrecorded": a writer killed before it wrote its
 * full start time (writer_start) is still told from a process that got
 * its pid later. */
#define SMI_RW_WRITER     (UINT64_C(1) << 63)
#define SMI_RW_PENDING    (UINT64_C(1) << 62)
#define SMI_RW_READERS    ((UINT64_C(1) << SM_RWLOCK_MAX_READERS) - 1)
#define SMI_RW_PID_MASK   UINT64_C(0xffffffff)
#define SMI_RW_STAMP_SHIFT 32
#define SMI_RW_STAMP_MASK (UINT64_C(0x3fffffff) << SMI_RW_STAMP_SHIFT)
/* What names a writer: two words that differ here are two holds. */
#define SMI_RW_HOLDER     (SMI_RW_WRITER | SMI_RW_STAMP_MASK | SMI_RW_PID_MASK)
_Static_assert(SM_RWLOCK_MAX_READERS <= 62, "reader bits must not reach PENDING");

/* The STAMP bits for a writer started at `start_time` (0: unknown).  Never
 * 0 for a known start time; two processes whose start times differ by a
 * multiple of 2^30 - 1 ticks (about 124 days at 100 Hz) share a stamp. */
static inline uint64_t smi_rw_writer_stamp(uint64_t start_time)
{
	if (!start_time)
		return 0;
	return (start_time % UINT64_C(0x3fffffff) + 1) << SMI_RW_STAMP_SHIFT;
}

/* A slot's owner word (`pid`, atomic):
 *   bits 0..21  PID      0: free; else the owner (reserved or holding), or
 *                        with RECLAIM the process that clears the slot
 *   bits 22..29 GEN      bumped by every claim, kept when the slot goes free
 *   bit 30      STAMPED  with RECLAIM: start_time is that process's
 *   bit 31      RECLAIM  PID clears the slot: a dead owner's, or its own
 *                        on release
 * A reclaimer judges an owner by its pid and start_time, two loads, and
 * frees the slot by a CAS on this word.  GEN makes that CAS fail when the
 * slot changed hands between the loads, even if the same pid has it again
 * (else it would pair a live owner's pid with another owner's start time).
 * Linux pids stay below PID_MAX_LIMIT, 2^22. */
#define SMI_SLOT_PID_MASK  UINT32_C(0x003fffff)
#define SMI_SLOT_GEN_SHIFT 22
#define SMI_SLOT_GEN_MASK  (UINT32_C(0xff) << SMI_SLOT_GEN_SHIFT)
#define SMI_SLOT_STAMPED   UINT32_C(0x40000000)
#define SMI_SLOT_RECLAIM   UINT32_C(0x80000000)

static inline uint32_t smi_slot_pid(uint32_t word)
{
	return word & SMI_SLOT_PID_MASK;
}

struct smi_rwlock_slot {
	uint32_t pid;        /* 0: owner word, see above (atomic, CAS to claim) */
	uint32_t tid;        /* 4: owner thread, to release its own slot first */
	uint64_t start_time; /* 8: owner's start time; 0 while being stamped */
};

struct smi_rwlock_shm {
	uint64_t word;         /*  0: lock word, see above (atomic) */
	uint32_t seq;          /*  8: futex word, bumped on every release (atomic) */
	uint32_t waiters;      /* 12: sleepers on seq; lets releasers skip the wake syscall */
	uint64_t writer_start; /* 16: writer's start time; 0 while being stamped */
	uint32_t writer_tid;   /* 24: writer's thread (EDEADLK check, diagnostics) */
	uint32_t recoveries;   /* 28: dead holders cleared since creation */
	uint32_t owner_died;   /* 32: 1 from just before a dead holder is cleared, until the
				*     next acquirer takes it and reports SM_LOCK_RECOVERED */
	uint32_t reserved0;    /* 36 */
	struct smi_rwlock_slot pending; /* 40: the one writer recorded as PENDING */
	uint8_t  reserved1[8];          /* 56 */
	struct smi_rwlock_slot readers[SM_RWLOCK_MAX_READERS]; /* 64 */
	uint8_t  reserved2[32];         /* 1056: pad to whole cache lines */
};

#define SMI_RWLOCK_SHM_SIZE 1088u
_Static_assert(sizeof(struct smi_rwlock_slot) == 16, "slot size");
_Static_assert(sizeof(struct smi_rwlock_shm) == SMI_RWLOCK_SHM_SIZE, "lock size");
_Static_assert(SMI_RWLOCK_SHM_SIZE % 64 == 0, "lock ends on a cache line");
_Static_assert(offsetof(struct smi_rwlock_shm, seq) == 8, "seq");
_Static_assert(offsetof(struct smi_rwlock_shm, writer_start) == 16, "writer_start");
_Static_assert(offsetof(struct smi_rwlock_shm, owner_died) == 32, "owner_died");
_Static_assert(offsetof(struct smi_rwlock_shm, pending) == 40, "pending");
_Static_assert(offsetof(struct smi_rwlock_shm, readers) == 64, "readers");

/* The process-local handle behind sm_rwlock *. */
struct sm_rwlock {
	struct smi_rwlock_shm *shm;
	bool readonly;
	/* The segment holding it (NULL: none): its file may be truncated under
	 * the mapping, taking the lock's state with it. */
	const struct sm_segment *seg;
};

/* Test hook (NULL in normal use): called by a process looking for dead
 * holders, between its loads of slot `sl`'s owner word and start time
 * (OWNER_LOADED), once it judged that owner dead, before the CAS that
 * marks the slot (OWNER_DEAD), and once it marked a reader slot, before it
 * clears the dead reader's bit (MARKED). */
enum smi_rwlock_hook_point {
	SMI_RWLOCK_HOOK_OWNER_LOADED,
	SMI_RWLOCK_HOOK_OWNER_DEAD,
	SMI_RWLOCK_HOOK_MARKED,
};
extern void (*smi_rwlock_test_hook)(struct smi_rwlock_slot *sl, enum smi_rwlock_hook_point point);

/* Initialise a lock in freshly created (zeroed) shared memory, before the
 * segment is published. */
void smi_rwlock_init(struct smi_rwlock_shm *shm);

/* sm_rwlock_read_acquire() for a hold of one copy (sm_buffer_read_locked()):
 * -EDEADLK also where the calling thread reads already.  A second read
 * hold gains it nothing, and waits behind a pending writer for the
 * thread's own release (read locks are not recursive). */
int smi_rwlock_read_acquire_once(sm_rwlock *lock, int timeout_ms);

#endif
