/* testlib.h — tiny helpers shared by the test programs (liburing style:
 * one main() per test, exit 0 pass, 1 fail, 77 skip). */
#ifndef SM_TESTLIB_H
#define SM_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#define T_EXIT_PASS 0
#define T_EXIT_FAIL 1
#define T_EXIT_SKIP 77

/* Fail the test with file:line and the expression when `cond` is false. */
#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,   \
				__LINE__, #cond);                                \
			exit(T_EXIT_FAIL);                                       \
		}                                                                \
	} while (0)

/* Compare two integers (e.g. a return code against -EEXIST). */
#define CHECK_EQ(a, b)                                                           \
	do {                                                                     \
		long long a_ = (long long)(a), b_ = (long long)(b);              \
		if (a_ != b_) {                                                  \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, "   \
				"expected %s == %lld\n", __FILE__, __LINE__, #a,  \
				a_, #b, b_);                                     \
			exit(T_EXIT_FAIL);                                       \
		}                                                                \
	} while (0)

/* A segment name unique to this test process: "t-<tag>-<pid>".  The
 * segment (and an RPC pair's .c2s/.s2c rings) is removed when this process
 * exits, even through a failed CHECK. */
const char *t_name(const char *tag);
/* Also remove segment `name` (made under another name, e.g. by the
 * workbench's --demo) when this process exits. */
void t_remove_at_exit(const char *name);

/* Write `len` bytes to /dev/shm/sm.<name> (a hand-made, possibly broken file). */
void t_write_file(const char *name, const void *data, size_t len);
void t_remove_file(const char *name);

/* Fork a child running fn(arg); returns its pid.  The child exits with fn's
 * return value. */
pid_t t_fork(int (*fn)(void *), void *arg);
/* Wait for pid; returns its exit status, or 128+signal. */
int t_wait(pid_t pid);
/* Run case_fn(0) .. case_fn(n - 1) each in a child process of its own,
 * all at once, and wait for them all; the test fails (once all have
 * ended) if one of them did.  For cases that spend their time waiting
 * (on a held node, a timeout, a recheck a second away), not computing:
 * side by side they take as long as the slowest one, not the sum.  Each
 * case makes its own segments (t_name in the child: removed at its exit). */
void t_cases_at_once(int n, void (*case_fn)(int i));

/* Sleep for ms milliseconds. */
void t_sleep_ms(int ms);
/* CLOCK_MONOTONIC in milliseconds, for timing a call. */
uint64_t t_now_ms(void);
/* The same in nanoseconds, for timing a fast one. */
uint64_t t_now_ns(void);

/* The state letter ('R', 'S', 'T', 'Z', ...) of thread `tid` of process
 * `pid` from /proc/PID/task/TID/stat (tid == pid: the leader), or 0 if
 * it cannot be read (the thread is gone). */
char t_thread_state(pid_t pid, pid_t tid);

#endif
