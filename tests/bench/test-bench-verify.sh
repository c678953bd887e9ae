#!/bin/bash
# test-bench-verify.sh BENCH-RING BENCH-RPC: the engines' own JSON (as
# the programs in tests/bench print it) takes no ratio to a run that lost a
# message, nor from one.  SM_BENCH_TEST_LOSE=NAME makes the runs of that
# transport report a lost message (app/bench/bench-verify.h).
set -u
ring=${1:?bench-ring} rpc=${2:?bench-rpc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# The interpreter itself, not a version manager's shim (0.3 s a call).
py=$(python3 -c 'import sys; print(sys.executable)') || fail "no python3"
check() { # check PYTHON-EXPR over the JSON in $tmp/out, bound to d
	"$py" -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$tmp/out" "$1" || { cat "$tmp/out" >&2; fail "$1"; }
}

SM_BENCH_TEST_LOSE=pipe timeout 30 "$ring" compare 64 1 1 0 0.05 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || { cat "$tmp/err" >&2; fail "bench-ring compare exited $rc, not 1, when pipe lost a message"; }
check "[r['lost'] for r in d if r['transport'] == 'pipe'] == [1]"
rings="[r for r in d if r['transport'].startswith('sharedmem')]"
alts="[r for r in d if r['transport'] in ('unix-stream', 'unix-seqpacket', 'posix-mq', 'bare-ring')]"
check "all('ratio_vs_pipe' not in r and r['ratio_vs_memcpy'] > 0 for r in $rings)"
# Each ratio is the quotient of the rates beside it, to more than three
# decimals: "%.3f" made memcpy's 0.00122 "0.001" (18 % off), and one
# under 0.0005 "0.000".
memcpy="[r for r in d if r['transport'] == 'memcpy'][0]['msgs_per_s']"
check "all(abs(r['ratio_vs_memcpy'] * $memcpy / r['msgs_per_s'] - 1) < 1e-4 for r in $rings)"
check "all(abs(r['ratio_vs_best_alternative'] * max(a['msgs_per_s'] for a in $alts) / r['msgs_per_s'] - 1) < 1e-4 for r in $rings)"

SM_BENCH_TEST_LOSE=sharedmem-rpc timeout 30 "$rpc" --count 100 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || { cat "$tmp/err" >&2; fail "bench-rpc exited $rc, not 1, when its channel lost a call"; }
check "[r['lost'] for r in d] == [1, 0] and 'ratio_vs_unix_socket' not in d[0]"
timeout 30 "$rpc" --count 100 >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "bench-rpc --count 100 exited $?"; }
# (it had two decimals; the rates have one)
check "abs(d[0]['ratio_vs_unix_socket'] * d[1]['msgs_per_s'] / d[0]['msgs_per_s'] - 1) < 1e-4 + 0.05 / d[0]['msgs_per_s'] + 0.05 / d[1]['msgs_per_s']"
exit 0
