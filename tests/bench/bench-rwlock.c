/* bench-rwlock.c — cost of the robust reader/writer lock.
 *
 *   bench-rwlock [--seconds S] [--procs P]
 *   bench-rwlock --help
 *
 * 1. Uncontended: read and write acquire+release pairs in one process
 *    (ns per pair).
 * 2. Contended: P processes for S seconds each take the write lock,
 *    increment a plain counter, release; reports pairs per second and
 *    checks that the counter equals the pairs done (mutual exclusion).
 * Exit 0 when the check holds, 1 otherwise. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sharedmem.h"

struct shared {
	uint64_t counter;          /* under the write lock only */
	_Atomic uint64_t done[64]; /* pairs per process */
	_Atomic int go;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double uncontended_ns(sm_rwlock *lock, int write, long n)
{
	double t0 = now_s();
	for (long i = 0; i < n; i++) {
		if (write) {
			sm_rwlock_write_acquire(lock, -1);
			sm_rwlock_write_release(lock);
		} else {
			sm_rwlock_read_acquire(lock, -1);
			sm_rwlock_read_release(lock);
		}
	}
	return (now_s() - t0) * 1e9 / (double)n;
}

static int contender(const char *name, int id, double seconds)
{
	sm_buffer *b;
	if (sm_buffer_open(&b, name, 0) < 0)
		return 1;
	struct shared *sh = sm_buffer_data(b);
	sm_rwlock *lock = sm_buffer_lock(b);
	while (!atomic_load(&sh->go))
		usleep(100);
	double end = now_s() + seconds;
	uint64_t n = 0;
	while ((n & 63) || now_s() < end) {
		if (sm_rwlock_write_acquire(lock, -1) < 0)
			return 1;
		sh->counter++;
		sm_rwlock_write_release(lock);
		n++;
	}
	atomic_store(&sh->done[id], n);
	sm_buffer_close(b);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: bench-rwlock [--seconds S] [--procs 1..64]\n"
		   "Robust reader/writer lock: uncontended acquire+release cost, then P\n"
		   "processes contending for the write lock for S seconds (default 1 s, 2;\n"
		   "S from 0.001 to 3600).\n"
		   "Exit 1 unless the lock kept the writers exclusive.\n");
}

int main(int argc, char **argv)
{
	double seconds = 1.0;
	int procs = 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "--seconds") != 0 && strcmp(a, "--procs") != 0) {
			fprintf(stderr, "bench-rwlock: unknown option: %s\n", a);
			usage(stderr);
			return 2;
		}
		char *end = NULL;
		double v = i + 1 < argc ? strtod(argv[i + 1], &end) : 0;
		if (i + 1 >= argc || end == argv[i + 1] || *end) {
			fprintf(stderr, "bench-rwlock: %s needs a number\n", a);
			usage(stderr);
			return 2;
		}
		i++;
		if (strcmp(a, "--seconds") == 0)
			seconds = v;
		else
			procs = v >= 1 && v <= 64 && v == (int)v ? (int)v : 0;
	}
	/* At least a millisecond: the uncontended runs take seconds * 1e6
	 * pairs (none below a microsecond), and contenders that start after
	 * the end do none; finite: inf never ends. */
	if (procs < 1 || procs > 64 || !(seconds >= 0.001 && seconds <= 3600)) {
		usage(stderr);
		return 2;
	}
	char name[64];
	snprintf(name, sizeof name, "bench-rwlock-%d", (int)getpid());
	sm_buffer *b;
	int r = sm_buffer_create(&b, name, sizeof(struct shared), NULL);
	if (r < 0) {
		fprintf(stderr, "create: %s\n", sm_strerror(r));
		return 1;
	}
	struct shared *sh = sm_buffer_data(b);
	sm_rwlock *lock = sm_buffer_lock(b);

	long n = (long)(seconds * 1e6);
	printf("uncontended read  acquire+release: %.0f ns\n", uncontended_ns(lock, 0, n));
	printf("uncontended write acquire+release: %.0f ns\n", uncontended_ns(lock, 1, n));

	pid_t pids[64];
	for (int i = 0; i < procs; i++) {
		fflush(NULL);
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(contender(name, i, seconds));
	}
	double t0 = now_s();
	atomic_store(&sh->go, 1);
	int failed = 0;
	for (int i = 0; i < procs; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		failed |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	double elapsed = now_s() - t0;
	uint64_t total = 0;
	for (int i = 0; i < procs; i++)
		total += atomic_load(&sh->done[i]);
	printf("contended write, %d processes: %.0f pairs/s (%llu pairs, counter %llu: %s)\n", procs,
	       (double)total / elapsed, (unsigned long long)total, (unsigned long long)sh->counter,
	       sh->counter == total && !failed ? "exclusive" : "BROKEN");
	int ok = sh->counter == total && !failed;
	sm_buffer_close(b);
	return ok ? 0 : 1;
}
