#!/usr/bin/env bash
# bench ring whose fork() of a producer or consumer fails ends with the
# error: it used to wait for the missing child to report ready, for good,
# beside the children it had started.  The failure comes from a shim ($1,
# LD_PRELOAD): SM_TEST_FORK_FAIL=N fails the N-th fork, with EAGAIN, which
# the line called "segment not ready (still being initialised...)".
. "$(dirname "$0")/lib.sh"
shim=${1:?usage: test-bench-fork-fail.sh FORK-FAIL-SHIM}
[ -f "$shim" ] || fail "no shim $shim"
preload=$(t_preload "$shim")

# The consumer is forked first, then the producer.
for n in 1 2; do
	LD_PRELOAD=$preload SM_TEST_FORK_FAIL=$n \
		"$SM_CLI" bench ring --count 100 --no-latency >"$T_TMP/out" 2>"$T_TMP/err" &
	pid=$!
	bench_ends "$pid" 10 "bench ring still running 10 s after its fork $n failed"
	[ "$rc" = 1 ] || fail "bench ring exited $rc, not 1, when its fork $n failed: $(cat "$T_TMP/err")"
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || fail "not one line on stderr: $(cat "$T_TMP/err")"
	grep -q "process limit" "$T_TMP/err" || fail "the failed fork is not named: $(cat "$T_TMP/err")"
	grep -q "MSGS/S" "$T_TMP/out" && fail "bench ring printed figures when its fork $n failed"
	[ -e "/dev/shm/sm.bench-$pid" ] && fail "bench ring left bench-$pid"
done
exit 0
