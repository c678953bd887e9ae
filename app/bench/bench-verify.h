/* bench-verify.h — the one rule for every ratio the benchmarks print
 * (`bench compare`, `bench ring --compare`, `bench rpc`, tests/bench):
 * a ratio is only taken between two runs that both verified clean, and
 * "the best alternative" is the fastest alternative that did.  A run that
 * lost, duplicated or corrupted a message measured something else than
 * the workload; so did a sharedmem run that did, which gets no ratio.
 * Where there is none, the ratio is NAN: the CLI's JSON prints null, its
 * tables print nothing or say why, the engine's JSON leaves the key out.
 *
 * Also test-only hooks: one makes a transport's runs fail verification,
 * so that tests can check that the rule holds; one stalls an echo. */
#ifndef SM_BENCH_VERIFY_H
#define SM_BENCH_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

/* Did a run verify every message: none lost, duplicated (or reordered:
 * callers add those in) or corrupted? */
bool sm_bench_clean(uint64_t lost, uint64_t duplicated, uint64_t corrupted);

/* rate / ref_rate, or NAN (no ratio) unless both runs verified clean
 * (`clean`, `ref_clean`: sm_bench_clean of each, and false for a run
 * that failed) and both rates are above 0. */
double sm_bench_ratio(double rate, bool clean, double ref_rate, bool ref_clean);

/* Test hook, compiled in: with SM_BENCH_TEST_LOSE=NAME in the
 * environment, every run of the transport the engine names NAME ("pipe",
 * "unix-stream", "sharedmem"; the request/response engine's "pipe",
 * "unix-socket", "sharedmem-rpc"...) reports one message lost beside its
 * figures; with NAME:N only its N-th run in this process (from 1).  The
 * engines call it on each run's result; nothing else sets the variable. */
void sm_bench_test_lose(const char *transport, uint64_t *lost);

/* Test hook, compiled in: the round trips' echoes (bench ring's, bench
 * rpc's server and the request/response alternatives' echo server) call
 * it after each answer; with SM_BENCH_TEST_ECHO_STOP=N in the environment
 * the process stops itself (SIGSTOP) at its N-th, so that a test stalls or
 * kills an echo that is surely serving, not wherever a timed signal lands
 * (one killed before it said it was ready fails the run's start). */
void sm_bench_test_echo_answered(void);

#endif
