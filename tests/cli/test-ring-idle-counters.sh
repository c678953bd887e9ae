#!/usr/bin/env bash
# A ring get, ring put or traffic child that waits idle (no message, no
# room) adds nothing to the ring's shared counters but the one wait it is
# in: `inspect`, `top` and the workbench show what the ring's users did,
# not the CLI's way of noticing Ctrl+C or a removed name.  (They waited in
# 100 ms slices, each counted a timeout and a sleep: 10 of each a second.)
# Interrupted, each still ends at once, saying how far it got.
. "$(dirname "$0")/lib.sh"

# counters NAME: "timeouts empty_waits full_waits" of ring NAME.
counters() {
	"$SM_CLI" --json inspect "$1" | python3 -c '
import json, sys
c = json.load(sys.stdin)["live"]["counters"]
print(c["timeouts"], c["empty_waits"], c["full_waits"])'
}

# idle_for_a_second NAME WHAT: the waiter ($waiter) on ring NAME, once it
# sleeps in its wait (a futex), adds at most one to each counter in a
# second.
idle_for_a_second() {
	local before after
	await_blocked "$waiter" 'futex*' "$2 did not wait"
	before=$(counters "$1")
	sleep 1.2
	after=$(counters "$1")
	python3 - "$before" "$after" "$2" <<'PY' || fail "$2 kept counting while idle: '$before' -> '$after' (timeouts, empty waits, full waits)"
import sys
b, a = (list(map(int, s.split())) for s in sys.argv[1:3])
sys.exit(0 if all(y - x <= 1 for x, y in zip(b, a)) else 1)
PY
}

# interrupted WHAT: SIGTERM the waiter; it ends within 2 s with exit 1.
interrupted() {
	local rc=0
	kill -TERM "$waiter"
	t_await_end "$waiter" 2 || { kill -9 "$waiter"; fail "$1 ignored SIGTERM"; }
	wait "$waiter" || rc=$?
	[ "$rc" = 1 ] || fail "$1 interrupted: exit $rc, not 1: $(cat "$T_TMP/w.err")"
}

r=$(t_name ring)
bg "$SM_CLI" create ring "$r" --nodes 4 --node-size 64 --hold
wait_for "$r"

start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring get "$r"
idle_for_a_second "$r" "ring get of an empty ring"
interrupted "ring get"
grep -qF "segment '$r': interrupted after 0 of 1 message" "$T_TMP/w.err" ||
	fail "interrupted ring get said: $(cat "$T_TMP/w.err")"

# With a deadline: the one wait counts its one timeout, at its end.
before=$(counters "$r")
expect 1 "$SM_CLI" ring get "$r" --timeout 700
after=$(counters "$r")
[ "$(( ${after%% *} - ${before%% *} ))" = 1 ] ||
	fail "a get that timed out once counted '$before' -> '$after' (timeouts first)"

expect 0 "$SM_CLI" ring put "$r" --data 1 --data 2 --data 3 --data 4
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring put "$r" --data 5
idle_for_a_second "$r" "ring put into a full ring"
kill -TERM "$waiter"
t_await_end "$waiter" 2 || { kill -9 "$waiter"; fail "ring put ignored SIGTERM"; }
wait "$waiter"

start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" traffic produce "$r" --size 32
idle_for_a_second "$r" "traffic produce into a full ring"
kill -TERM "$waiter"
t_await_end "$waiter" 2 || { kill -9 "$waiter"; fail "traffic produce ignored SIGTERM"; }
wait "$waiter" || fail "traffic produce interrupted: $(cat "$T_TMP/w.err")"
grep -q '"sent":0' "$T_TMP/w.out" || fail "traffic produce said: $(cat "$T_TMP/w.out")"

expect 0 "$SM_CLI" ring get "$r" --all
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" traffic consume "$r"
idle_for_a_second "$r" "traffic consume of an empty ring"
kill -TERM "$waiter"
t_await_end "$waiter" 2 || { kill -9 "$waiter"; fail "traffic consume ignored SIGTERM"; }
wait "$waiter" || fail "traffic consume interrupted: $(cat "$T_TMP/w.err")"
grep -q '"final":true' "$T_TMP/w.out" || fail "traffic consume did not print its final line"
exit 0
