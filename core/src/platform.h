/* platform.h — Linux specifics behind small functions: process identity
 * (/proc), futexes, clocks and deadlines, /dev/shm files.  Internal. */
#ifndef SHAREDMEM_PLATFORM_H
#define SHAREDMEM_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- Process identity (platform_proc.c) ---- */

/* A process is named by pid and start time, so a reused pid is not taken
 * for the process that died. */
struct smi_proc_id {
	int32_t  pid;
	uint64_t start_time; /* clock ticks since boot, /proc/PID/stat field 22 */
};

/* This process (re-read after fork). */
struct smi_proc_id smi_proc_self(void);
/* Start time of `pid`, or 0 if there is no such process. */
uint64_t smi_proc_start_time(int32_t pid);
/* 1 if pid is alive with that start time (start_time 0: pid alone), else 0.
 * A zombie (exited or killed, not yet reaped) counts as dead, and so does
 * the id of a thread that is not its process's main one; a pid that
 * exists but whose /proc entry is hidden counts as alive. */
int smi_proc_alive(int32_t pid, uint64_t start_time);
/* What a process opens files as (/proc/PID/status: fsuid, fsgid, the
 * supplementary groups, at most SMI_CRED_MAX_GROUPS of them). */
#define SMI_CRED_MAX_GROUPS 64
struct smi_proc_cred {
	uint32_t fsuid, fsgid;
	int n_groups;
	bool groups_cut; /* it has more groups than fit */
	uint32_t groups[SMI_CRED_MAX_GROUPS];
};
/* 0, or -1 if there is no such process or its status is unreadable. */
int smi_proc_cred_read(int32_t pid, struct smi_proc_cred *cred);
/* The command name of pid (/proc/PID/comm) into buf; "" if unreadable. */
void smi_proc_name(int32_t pid, char *buf, size_t size);

/* ---- Futexes on shared memory (platform_futex.c) ---- */

/* Sleep while *word == expected, at most timeout_ns (< 0: forever).
 * Returns 0 (woken or value changed), -ETIMEDOUT or -EINTR. */
int smi_futex_wait(uint32_t *word, uint32_t expected, int64_t timeout_ns);
/* Wake up to n sleepers (INT32_MAX: all). */
void smi_futex_wake(uint32_t *word, int n);

/* ---- Asymmetric memory barriers (platform_futex.c) ---- */

/* Register this process for smi_membarrier() (Linux membarrier, global
 * expedited).  0 if available, else -errno (old kernel, or the syscall
 * is filtered).  Cheap after the first call in a process (redone after fork). */
int smi_membarrier_register(void);
/* Make every running thread of every registered process execute a full
 * memory barrier before this returns.  A few microseconds.  0 or -errno. */
int smi_membarrier(void);

/* ---- Clocks and deadlines (platform_clock.c) ---- */

uint64_t smi_now_ns(void);      /* CLOCK_MONOTONIC */
uint64_t smi_realtime_ns(void); /* CLOCK_REALTIME */
void smi_sleep_ns(uint64_t ns); /* the whole time, signals or not */

/* A total deadline made from a timeout in ms: 0 = try once, < 0 = forever. */
struct smi_deadline {
	uint64_t end_ns;
	bool     forever;
};
struct smi_deadline smi_deadline_from_ms(int timeout_ms);
/* Nanoseconds left (0 when passed; INT64_MAX when forever). */
int64_t smi_deadline_left_ns(const struct smi_deadline *d);
static inline bool smi_deadline_passed(const struct smi_deadline *d)
{
	return smi_deadline_left_ns(d) == 0;
}

/* ---- Files that shrink under their mappings (platform_sigbus.c) ---- */

/* Guard the mapping [start, start + len): if the file under it is
 * truncated, touching it no longer raises SIGBUS but reads (and writes)
 * zero pages that replace the whole mapping.  The first call installs a
 * SIGBUS handler, which hands faults outside guarded mappings to the
 * handler installed before it.  Any number of mappings may be guarded at
 * once.  Returns a guard number, or -1 (no memory, or no handler): the
 * mapping then works unguarded. */
int smi_mapping_guard(void *start, size_t len, bool writable);
/* Was the guarded mapping replaced since (its file truncated)?  false for -1. */
bool smi_mapping_truncated(int guard);
/* Before unmapping: forget the mapping. */
void smi_mapping_unguard(int guard);

/* ---- /dev/shm files (platform_shm.c) ---- */

/* "/dev/shm/sm.<name>" into buf; -ENAMETOOLONG if it does not fit. */
int smi_shm_path(const char *name, char *buf, size_t size);
/* Create exclusively (O_EXCL|O_NOFOLLOW), set exactly `mode`, reserve
 * `size` bytes (posix_fallocate).  Returns the fd or -errno; on failure
 * the file is removed.  -EFBIG, before anything is made, for a size past
 * off_t or past the process's RLIMIT_FSIZE (reserving it would raise
 * SIGXFSZ); smi_shm_create_unnamed() too. */
int smi_shm_create(const char *name, unsigned mode, uint64_t size);
/* Create an unnamed file in /dev/shm (O_TMPFILE) of exactly `mode` with
 * `size` bytes reserved.  It gets its name from smi_shm_link() once the
 * caller has written its header, so a creator killed before that leaves no
 * half-made file behind.  fd or -errno (-EOPNOTSUPP: no O_TMPFILE here). */
int smi_shm_create_unnamed(unsigned mode, uint64_t size);
/* Give the unnamed file `fd` its name.  -EEXIST if the name is taken (by
 * anything, a symlink included, which is not followed), or -errno. */
int smi_shm_link(int fd, const char *name);
/* Open existing (O_NOFOLLOW), read-only or read-write.  fd or -errno
 * (-ELOOP: a symbolic link, not followed). */
int smi_shm_open(const char *name, bool readonly);
/* Unlink the name.  0 or -errno. */
int smi_shm_unlink(const char *name);
/* Does the name still lead to the file open as `fd` (same device and
 * inode; the name itself is not followed, as smi_shm_open() does not)?
 * 1 if it does, 0 if it leads to something else, -ENOENT if there is no
 * such name, or another -errno (of fstat or lstat). */
int smi_shm_names_fd(const char *name, int fd);

/* Hold a flock on the file open as `fd`, shared or exclusive, waiting up
 * to a second for it.  Whoever removes a file by name because it is stale
 * (replace-stale, gc) holds it exclusively from the check to the unlink,
 * so none of them removes a file another has put under the name
 * meanwhile; an opener holds it shared until it has mapped the file, so gc
 * either sees the mapping or has removed the name first.  Closing the fd
 * drops it.  0 or -errno (-EAGAIN: still held by another). */
int smi_shm_lock(int fd, bool exclusive);
void smi_shm_unlock(int fd);
/* smi_shm_open() read-only, then smi_shm_lock() exclusive: fd or -errno. */
int smi_shm_open_locked(const char *name);
/* Unlink `name` if it still leads to the file open as `fd`.  0, -ENOENT
 * if the name is gone or leads elsewhere now, or -errno. */
int smi_shm_unlink_fd(const char *name, int fd);
/* smi_shm_unlink_fd() holding the file's lock exclusively (as every other
 * remover does from its check to its unlink), for the file's creator:
 * one that removed our file between our check and our unlink would let a
 * creator's new file take the name, which our unlink would then remove.
 * (A foreign holder may keep us out: we then go on without.) */
int smi_shm_unlink_own(const char *name, int fd);

/* Spin hint for busy-wait loops. */
static inline void smi_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

#endif
