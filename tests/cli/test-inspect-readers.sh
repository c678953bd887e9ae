#!/usr/bin/env bash
# inspect of a buffer (or an array) names the processes that hold its lock
# for reading, in text as in JSON: the text said only "readers 2", while
# --json listed their pids, so a user could not see which processes held
# it without --json.  Usage: test-inspect-readers.sh PATH/TO/read-hold
. "$(dirname "$0")/lib.sh"
holder=${1:?read-hold path}
b=$(t_name b)
expect 0 "$SM_CLI" create buffer "$b" --size 64
pids=()
for i in 1 2; do
	"$holder" "$b" >"$T_TMP/held$i" &
	pids+=($!)
	T_PIDS+=($!)
done
for i in 1 2; do
	for _ in $(seq 100); do [ -s "$T_TMP/held$i" ] && break; sleep 0.05; done
	[ -s "$T_TMP/held$i" ] || fail "read-hold $i did not take the lock"
done
expect 0 "$SM_CLI" inspect --json "$b"
json_check "sorted(d['live']['lock']['reader_pids']) == sorted([${pids[0]}, ${pids[1]}])"
expect 0 "$SM_CLI" inspect "$b"
grep -E "^ +reader_pids +[0-9]" "$T_TMP/out" >"$T_TMP/line" || { cat "$T_TMP/out" >&2; fail "inspect names no reader pids"; }
for p in "${pids[@]}"; do
	grep -qw "$p" "$T_TMP/line" || fail "inspect does not name reader $p: $(cat "$T_TMP/line")"
done
exit 0
