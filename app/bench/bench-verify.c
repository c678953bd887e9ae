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

void sm_bench_test_echo_answered(void)
{
	static _Atomic unsigned long answered; /* by this process: its threads too */
	const char *v = getenv("SM_BENCH_TEST_ECHO_STOP");
	if (v && atomic_fetch_add(&answered, 1) + 1 == strtoul(v, NULL, 10))
		raise(SIGSTOP);
}
