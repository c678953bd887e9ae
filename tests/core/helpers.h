/* helpers.h — what several core tests share beyond testlib.h: re-running
 * this test binary as a helper process across a real exec, and patching
 * bytes of a segment file (to corrupt a header on purpose). */
#ifndef SM_TEST_CORE_HELPERS_H
#define SM_TEST_CORE_HELPERS_H

#include <stddef.h>
#include <sys/types.h>

#include "sharedmem.h"

/* fork, then exec this same binary (/proc/self/exe) with argv
 * {argv0, args..., NULL}.  If out_fd is not NULL, the child's stdout is a
 * pipe whose read end is returned there.  Returns the child's pid. */
pid_t t_exec_self(int *out_fd, const char *const args[]);

/* In a helper started by t_exec_self(): die (SIGKILL) when the parent
 * test dies, so a failing test never leaves helpers behind. */
void t_die_with_parent(void);

/* A t_fork() child that stays alive (a live pid for lock records) until
 * killed, or until the parent test dies. */
int t_live_forever(void *arg);

/* A t_fork() child that creates a 64-byte buffer named `name` (a const
 * char *) and exits without closing it: a stale segment (owner dead,
 * nobody maps it).  Exits 0 if the create succeeded. */
int t_leave_stale_buffer(void *name);

/* Read one byte from fd (a helper's "ready" signal); fails the test on EOF. */
char t_read_signal(int fd);

/* Overwrite `len` bytes at `offset` of /dev/shm/sm.<name>. */
void t_patch_file(const char *name, off_t offset, const void *data, size_t len);

/* Poll cond_fn(arg) every millisecond for up to 5 s; fails the test if it
 * never becomes true. */
void t_wait_until(int (*cond_fn)(void *), void *arg, const char *what);

/* The set-up of a lock test: a buffer of `size` bytes created under a
 * fresh test name for `tag` (removed at exit).  *name gets the name
 * (name may be NULL), *buf the buffer; returns the buffer's lock. */
sm_rwlock *t_locked_buffer(const char *tag, size_t size, const char **name, sm_buffer **buf);

/* Conditions for t_wait_until() on a sm_rwlock *: someone sleeps on it;
 * a writer waits for readers to leave. */
int t_lock_has_sleeper(void *lock);
int t_lock_writer_pending(void *lock);

#endif
