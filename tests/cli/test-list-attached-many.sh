#!/usr/bin/env bash
# More processes map a segment than sm_segment_info holds pids of
# (SM_INFO_MAX_ATTACHED, 16): list, inspect and their JSON still count
# them all (the pids held, then '+N' / attached_more for the rest).  The
# rest were dropped without a word: 21 processes read as 16.
. "$(dirname "$0")/lib.sh"

ring=$(t_name ring)
want=21
bg "$SM_CLI" create ring "$ring" --nodes 8 --node-size 64 --hold
wait_for "$ring"
for _ in $(seq $((want - 1))); do
	bg_no_leak_check "$SM_CLI" ring get "$ring" --timeout 30000
done

# The count in an ATTACHED text: pids shown plus the '+N' of the rest.
count_col() {
	python3 -c '
import sys
items = [w for w in sys.argv[1].split(",") if w != "?"]
print(sum(int(w[1:]) if w.startswith("+") else 1 for w in items))' "$1"
}
# Wait (up to 5 s) until every getter has mapped the ring: /proc says so.
for _ in $(seq 100); do
	n=$(grep -l "/dev/shm/sm.$ring\$" /proc/[0-9]*/maps 2>/dev/null | wc -l)
	[ "$n" -ge "$want" ] && break
	sleep 0.05
done
[ "$n" -ge "$want" ] || fail "only $n processes map the ring"

expect 0 "$SM_CLI" list
col=$(awk -v n="$ring" '$1 == n { for (i = 1; i <= NF; i++) if ($i ~ /,\+[0-9]+$/) print $i }' "$T_TMP/out")
[ "$(count_col "$col")" = "$want" ] || { cat "$T_TMP/out" >&2; fail "list counts '$col', not $want"; }
expect 0 "$SM_CLI" inspect "$ring"
col=$(sed -n "s/.*, attached \([^ ]*\), age .*/\1/p" "$T_TMP/out" | head -1)
[ "$(count_col "$col")" = "$want" ] || { cat "$T_TMP/out" >&2; fail "inspect counts '$col', not $want"; }
expect 0 "$SM_CLI" list --json
json_check "[len(s['attached']) + s.get('attached_more', 0) for s in d['segments'] if s['name'] == '$ring'] == [$want]"
exit 0
