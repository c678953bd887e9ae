/* bench-verify.c — see bench-verify.h. */
#include "bench-verify.h"

#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

bool sm_bench_clean(uint64_t lost, uint64_t duplicated, uint64_t corrupted)
{
	return !lost && !duplicated && !corrupted;
}

double sm_bench_ratio(double rate, bool clean, double ref_rate, bool ref_clean)
{
	return clean && ref_clean && rate > 0 && ref_rate > 0 ? rate / ref_rate : NAN;
}

void sm_bench_test_lose(const char *transport, uint64_t *lost)
{
	static unsigned long runs; /* of the named transport, in this process */
	const char *v = getenv("SM_BENCH_TEST_LOSE");
	if (!v || !transport)
		return;
	size_t len = strcspn(v, ":");
	if (strlen(transport) != len || strncmp(v, transport, len) != 0)
		return;
	runs++;
	if (v[len] == ':' && strtoul(v + len + 1, NULL, 10) != runs)
		return;
	(*lost)++;
}

/* SM_BENCH_TEST_ECHO_STOP's N, 0 where it is not set: read once, not on
 * every round trip (an echo calls the hook after each answer). */
static unsigned long echo_stop_at(void)
{
	static _Atomic long at = -1; /* -1: not read yet */
	long v = atomic_load_explicit(&at, memory_order_relaxed);
	if (v < 0) {
		const char *s = getenv("SM_BENCH_TEST_ECHO_STOP");
		v = s ? (long)strtoul(s, NULL, 10) : 0;
		atomic_store_explicit(&at, v, memory_order_relaxed);
	}
	return (unsigned long)v;
}

void sm_bench_test_echo_answered(void)
{
	static _Atomic unsigned long answered; /* by this process: its threads too */
	unsigned long at = echo_stop_at();
	if (at && atomic_fetch_add(&answered, 1) + 1 == at)
		raise(SIGSTOP);
}
