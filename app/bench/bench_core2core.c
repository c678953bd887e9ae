/* bench_core2core.c — the machine's core-to-core latency at this moment
 * (see bench.h): a parent and a forked child, each held on one of the
 * first two CPUs this process may use, take turns incrementing one word
 * on a shared cache line.  (Left to the scheduler, the child would start
 * on its parent's CPU and the two would measure context switches.) */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_internal.h"

/* The first two CPUs of this process's affinity mask; false with fewer. */
static bool two_cpus(cpu_set_t *mask, int *a, int *b)
{
	if (sched_getaffinity(0, sizeof *mask, mask) < 0)
		return false;
	*a = *b = -1;
	for (int c = 0; c < CPU_SETSIZE && *b < 0; c++) {
		if (!CPU_ISSET(c, mask))
			continue;
		if (*a < 0)
			*a = c;
		else
			*b = c;
	}
	return *b >= 0;
}

static void hold_on(int cpu)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	sched_setaffinity(0, sizeof one, &one);
}

#define SPINS_PER_YIELD 4096u /* with one free CPU the other side needs it */
#define GIVE_UP_NS      (2u * 1000u * 1000u * 1000u)

/* Wait until *word is `want` (a turn of the other side); false past `deadline`. */
static bool await(_Atomic uint64_t *word, uint64_t want, uint64_t deadline)
{
	for (unsigned spins = 1; atomic_load_explicit(word, memory_order_acquire) != want; spins++) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
		if (spins % SPINS_PER_YIELD == 0) {
			if (bench_now_ns() > deadline)
				return false;
			sched_yield();
		}
	}
	return true;
}

/* The test hook (bench.h): the next reading of SM_BENCH_TEST_C2C, true,
 * or false where the variable is not set. */
static bool test_reading(double *ns)
{
	static unsigned taken;
	const char *list = getenv("SM_BENCH_TEST_C2C");
	if (!list || !*list)
		return false;
	char *end;
	for (unsigned i = 0;; i++) {
		*ns = strtod(list, &end);
		if (i == taken || *end != ',')
			break; /* the last reading repeats */
		list = end + 1;
	}
	taken++;
	return true;
}

double sm_bench_core_to_core_ns(unsigned rounds)
{
	double fake;
	if (test_reading(&fake))
		return fake;
	cpu_set_t mask;
	int cpu_a, cpu_b;
	if (rounds == 0 || !two_cpus(&mask, &cpu_a, &cpu_b))
		return -1;
	_Atomic uint64_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				      -1, 0);
	if (word == MAP_FAILED)
		return -1;
	atomic_store(word, 0);
	uint64_t deadline = bench_now_ns() + GIVE_UP_NS;
	pid_t child = fork();
	if (child == 0) { /* odd turns: answer 2i + 1 with 2i + 2 */
		hold_on(cpu_b);
		for (uint64_t i = 0; i < rounds; i++) {
			if (!await(word, 2 * i + 1, deadline))
				_exit(1);
			atomic_store_explicit(word, 2 * i + 2, memory_order_release);
		}
		_exit(0);
	}
	double ns = -1;
	if (child > 0) {
		hold_on(cpu_a);
		/* The first round trip brings the line and the child in: untimed. */
		atomic_store_explicit(word, 1, memory_order_release);
		bool ok = await(word, 2, deadline);
		uint64_t t0 = bench_now_ns();
		for (uint64_t i = 1; ok && i < rounds; i++) {
			atomic_store_explicit(word, 2 * i + 1, memory_order_release);
			ok = await(word, 2 * i + 2, deadline);
		}
		if (ok && rounds > 1)
			ns = (double)(bench_now_ns() - t0) / (2.0 * (rounds - 1));
		if (!ok)
			kill(child, SIGKILL);
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
		sched_setaffinity(0, sizeof mask, &mask);
	}
	munmap((void *)word, 4096);
	return ns;
}
