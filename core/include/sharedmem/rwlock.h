/* sharedmem/rwlock.h — a robust reader/writer lock kept in shared memory.
 *
 * Every buffer and array segment carries one (sm_buffer_lock(),
 * sm_array_lock()).  Many readers or one writer hold it at a time, across
 * processes and threads.  Waiting sleeps on a futex after a brief spin.
 *
 * Timeouts are total deadlines in milliseconds: 0 = try once, -1 = wait
 * forever.  A wait that runs out returns -ETIMEDOUT.
 *
 * Robust: holders are recorded by process identity (pid and start time, so
 * a reused pid is not mistaken for the holder).  A process that dies while
 * holding the lock, as writer or reader, does not block the others: a
 * waiter notices within about 20 ms, frees the dead holder's share, and the
 * next acquirer gets the lock with SM_LOCK_RECOVERED (positive 1) instead
 * of 0 — the data the dead process was writing may be half-written, as
 * with EOWNERDEAD on a robust pthread mutex.  Only processes are tracked: a
 * thread that exits while holding the lock leaves it held until its
 * process dies or another thread of that process releases it.  Holders
 * must be in the same pid namespace.  A process that exec()s keeps its
 * pid and start time, so it keeps holding what it held; a child made by
 * fork() holds nothing of its parent's (create children with fork() or
 * posix_spawn(), not raw clone(): the caller's identity is cached per
 * thread and refreshed by a pthread_atfork() handler).
 *
 * Fairness: a writer waiting for readers to leave stops new readers from
 * entering (one pending writer at a time is recorded), so a stream of
 * readers cannot starve writers.  Consequently read locks are not
 * recursive: a thread that already reads and asks again while a writer is
 * pending waits for its own release, i.e. until its timeout.
 *
 * Reader slots: at most SM_RWLOCK_MAX_READERS read holds (and readers
 * waiting for the lock, which keep their slot while they wait) exist at
 * once.  A reader that finds every slot taken waits for one to free up,
 * within its deadline (-ETIMEDOUT if none does).
 */
#ifndef SHAREDMEM_RWLOCK_H
#define SHAREDMEM_RWLOCK_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SM_RWLOCK_MAX_READERS 62

/* A process-local handle to a lock in shared memory; owned by the buffer
 * or array it came from and valid until that is closed. */
typedef struct sm_rwlock sm_rwlock;

/* Take the lock for reading (shared with other readers).  Blocks up to
 * timeout_ms.  Returns 0, SM_LOCK_RECOVERED (a dead holder was cleared),
 * -ETIMEDOUT, -EINVAL (NULL), -EBADF (read-only handle: a monitor cannot
 * take locks), -EDEADLK (the calling thread holds the write lock),
 * -SM_EBADHEADER (the segment's file was truncated under the mapping: the
 * lock went with it, so it protects nothing; see sm_segment_open()). */
int sm_rwlock_read_acquire(sm_rwlock *lock, int timeout_ms);

/* Release one read hold of this process (the calling thread's if it has
 * one).  0, -EPERM if this process holds no read lock, -EINVAL, -EBADF,
 * -SM_EBADHEADER (file truncated, as above).  Never blocks. */
int sm_rwlock_read_release(sm_rwlock *lock);

/* Take the lock for writing (exclusive).  Blocks up to timeout_ms; while
 * it waits for readers to leave, new readers wait behind it.  Returns 0,
 * SM_LOCK_RECOVERED, -ETIMEDOUT, -EINVAL, -EBADF, -EDEADLK (the calling
 * thread already holds the write lock, which is not recursive, or a read
 * lock, which cannot be upgraded), -SM_EBADHEADER (file truncated, as
 * above). */
int sm_rwlock_write_acquire(sm_rwlock *lock, int timeout_ms);

/* Release the write lock.  0, -EPERM if this process is not the writer,
 * -EINVAL, -EBADF, -SM_EBADHEADER (file truncated, as above).  Never
 * blocks. */
int sm_rwlock_write_release(sm_rwlock *lock);

/* A snapshot of the lock, for monitors (works on read-only handles). */
struct sm_rwlock_info {
	int32_t  writer_pid;     /* 0 when no writer holds it */
	uint32_t readers;        /* read holds */
	int32_t  reader_pids[SM_RWLOCK_MAX_READERS]; /* first `readers` entries */
	int32_t  pending_writer; /* pid of the writer waiting for readers, or 0 */
	uint32_t waiters;        /* processes/threads asleep on the lock (approximate) */
	uint32_t recoveries;     /* dead holders cleared since creation */
};

/* Fill `info`.  0 or -EINVAL.  Never blocks. */
int sm_rwlock_get_info(const sm_rwlock *lock, struct sm_rwlock_info *info);

#ifdef __cplusplus
}
#endif

#endif
