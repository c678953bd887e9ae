#!/bin/bash
# test-bench-args.sh BENCH...: each benchmark program prints its usage and
# exits 0 on -h/--help, and exits 2 on an option it does not take, in both
# cases without running a benchmark (each call gets 5 s; a run takes ~20 s).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for b in "$@"; do
	n=$(basename "$b")
	for h in --help -h; do
		timeout 5 "$b" "$h" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc = 0 ] || { echo "FAIL: $n $h: exit $rc, not 0" >&2; exit 1; }
		grep -q '^Usage: ' "$tmp/out" || { echo "FAIL: $n $h: no usage on stdout" >&2; exit 1; }
		[ ! -s "$tmp/err" ] || { echo "FAIL: $n $h wrote to stderr" >&2; exit 1; }
	done
	for bad in --no-such-option "--no-such-option 1" -x; do
		# shellcheck disable=SC2086 # split "--opt value" into two arguments
		timeout 5 "$b" $bad >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc = 2 ] || { echo "FAIL: $n $bad: exit $rc, not 2" >&2; exit 1; }
		grep -q -- "${bad%% *}" "$tmp/err" || { echo "FAIL: $n $bad: stderr does not name the option" >&2; exit 1; }
		[ ! -s "$tmp/out" ] || { echo "FAIL: $n $bad wrote to stdout" >&2; exit 1; }
	done
done

# bench-rpc ($2): a value it cannot take is a usage error too, not a run
# with something else (a word read as 0, a count or duration beyond what
# converts: a run of 0 calls, or of 1 s).
rpc=$2
for bad in "--spin-us abc" "--seconds inf" "--seconds 1e300" "--count 1e300" "--count nan" \
	"--size 1e15" "--workers 1e12" "--nodes 1e10" "--callers 0"; do
	# shellcheck disable=SC2086 # split "--opt value" into two arguments
	timeout 5 "$rpc" $bad --no-unix >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc = 2 ] || { echo "FAIL: bench-rpc $bad: exit $rc, not 2" >&2; exit 1; }
	grep -q -- "${bad%% *}" "$tmp/err" || { echo "FAIL: bench-rpc $bad: stderr does not name the option" >&2; exit 1; }
done
# bench-rwlock ($3): a duration too short to time anything in (it printed
# "inf ns" and passed on 0 pairs), or endless (inf: it never ended).
for bad in "--seconds 1e-7" "--seconds inf" "--seconds nan"; do
	# shellcheck disable=SC2086 # split "--opt value" into two arguments
	timeout 5 "$3" $bad >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc = 2 ] || { echo "FAIL: bench-rwlock $bad: exit $rc, not 2" >&2; exit 1; }
done
exit 0
