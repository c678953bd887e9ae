#!/usr/bin/env bash
# `bench compare` names the runs that began after the host moved the CPUs,
# both ways: a run whose core-to-core reading is under half the usual
# (median) one ran on nearer CPUs and its cross-process figures are
# higher; one over twice it, lower.  It used to flag only readings over
# twice the lower quartile: a round on near CPUs among far ones (30 ns
# among 230) went unsaid, its figures folded into the medians.  The
# readings come from the test hook SM_BENCH_TEST_C2C (one per call: each
# run's, then the one after the runs).
. "$(dirname "$0")/lib.sh"

compare() { # READINGS
	SM_BENCH_TEST_C2C=$1 expect 0 "$SM_CLI" bench compare -w stream-64 -t sharedmem,pipe \
		--count 300 --repeat 2
}

compare 200,200,40,200
out_has "before each round 200, 40 ns one way, 200 ns after"
out_has "the host moved the CPUs during the runs (usual reading 200 ns; each run's is in --json):"
out_has "  1 of 4 began at under 100 ns (down to 40 ns): their cross-process figures are higher"
grep -q "began at over" "$T_TMP/out" && fail "a run on far CPUs flagged among 200 ns ones"

compare 100,100,100,500
out_has "  1 of 4 began at over 200 ns (up to 500 ns): their cross-process figures are lower"
grep -q "began at under" "$T_TMP/out" && fail "a run on near CPUs flagged among 100 ns ones"

# Readings within a factor of two of each other: nothing to say.
compare 150,200,290,200
grep -q "moved the CPUs" "$T_TMP/out" && fail "runs flagged with readings of 150-290 ns: $(cat "$T_TMP/out")"
exit 0
