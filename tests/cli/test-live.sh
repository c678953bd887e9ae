#!/usr/bin/env bash
# Live and streaming use, as in a terminal or a script (found in review):
#   - inspect --watch gives no rates across a ring removed and created again
#     under the same name (its counters start afresh: no absurd rates);
#   - traffic consume whose output cannot be written stops at once (exit 1,
#     one line) instead of taking messages for nothing until interrupted;
#   - rpc serve whose ready line cannot be written exits 1 at once and
#     removes its channel (it served on, and said why only at exit, with
#     the wrong reason);
#   - rpc call, while another client holds the channel, waits for it up to
#     --connect-timeout (calls from several processes take turns), then
#     says so (it failed at once, advising to remove the channel);
#   - inspect --watch --json prints one JSON object per line, so that a
#     script can read it line by line (it printed each one over 200 lines).
. "$(dirname "$0")/lib.sh"

# The rings below are held (create --hold): a ring whose creator has exited
# is stale, and a gc anywhere on the machine (another test's, another
# checkout's) may remove it between two refreshes: "no such segment".

# inspect --watch --json: a JSON object per line.
lines=$(t_name lines)
bg "$SM_CLI" create ring "$lines" --nodes 4 --node-size 64 --hold
wait_for "$lines"
expect 0 "$SM_CLI" --json inspect "$lines" --watch --count 2 --hex
[ "$(wc -l <"$T_TMP/out")" = 2 ] || fail "inspect --watch --json: not a line per refresh"
python3 -c 'import json, sys; [json.loads(l) for l in sys.stdin]' <"$T_TMP/out" ||
	fail "inspect --watch --json: a line is not JSON"

# inspect --watch: the ring is replaced between two refreshes.  The watcher
# is stopped (SIGSTOP) while it is replaced, so no refresh can fall between
# rm and create and find no ring, however slow the machine.
w=$(t_name w)
bg "$SM_CLI" create ring "$w" --nodes 64 --node-size 64 --hold
wait_for "$w"
"$SM_CLI" traffic produce "$w" --count 50 >/dev/null || fail "produce 50"
"$SM_CLI" --json inspect "$w" --watch >"$T_TMP/watch" 2>"$T_TMP/watch.err" &
watcher=$!
T_PIDS+=("$watcher")
refreshes() { # N: wait (up to 30 s) until the watcher has printed N lines
	local i
	for i in $(seq 600); do
		[ "$(wc -l <"$T_TMP/watch")" -ge "$1" ] && return 0
		kill -0 "$watcher" 2>/dev/null || break
		sleep 0.05
	done
	cat "$T_TMP/watch.err" >&2
	fail "inspect --watch: no refresh $1"
}
refreshes 1
kill -STOP "$watcher"
n=$(wc -l <"$T_TMP/watch")
expect 0 "$SM_CLI" rm "$w"
bg "$SM_CLI" create ring "$w" --nodes 64 --node-size 64 --hold
wait_for "$w"
"$SM_CLI" traffic produce "$w" --count 5 >/dev/null || fail "produce 5"
kill -CONT "$watcher"
# A line that may have been cut short by the stop, then one of the new ring.
refreshes $((n + 2))
kill -INT "$watcher"
wait "$watcher" || fail "inspect --watch: exit status $? when interrupted"
python3 - "$T_TMP/watch" <<'PY' || fail "inspect --watch: a rate across the replaced ring"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
written = [d["live"]["counters"]["messages_written"] for d in docs]
rates = [d["live"].get("rates") for d in docs]
bad = [r for r in rates if r and any(not 0 <= v < 1e7 for v in r.values())]
if written[0] != 50 or written[-1] != 5 or bad:
    print(written, rates, file=sys.stderr)
    sys.exit(1)
PY

# traffic consume > /dev/full: an error, and the messages stay in the ring.
if [ -w /dev/full ]; then
	t=$(t_name t)
	bg "$SM_CLI" create ring "$t" --nodes 8 --node-size 64 --hold
	wait_for "$t"
	"$SM_CLI" traffic produce "$t" --count 3 >/dev/null || fail "produce 3"
	expect 1 timeout 5 bash -c '"$0" traffic consume "$1" >/dev/full' "$SM_CLI" "$t"
	err_has "writing standard output"
	expect 0 timeout 5 "$SM_CLI" traffic consume "$t" --count 3
	tail -n 1 "$T_TMP/out" >"$T_TMP/last"
	cp "$T_TMP/last" "$T_TMP/out"
	json_check "d['received'] == 3 and d['final']"

	ch=$(t_name ch)
	expect 1 timeout 5 bash -c '"$0" rpc serve "$1" >/dev/full' "$SM_CLI" "$ch"
	err_has "No space left on device"
	for f in "$ch" "$ch.c2s" "$ch.s2c"; do
		[ -e "/dev/shm/sm.$f" ] && fail "rpc serve left $f"
	done
fi

# rpc call while another client is connected.
ch=$(t_name busy)
bg "$SM_CLI" rpc serve "$ch"
wait_for "$ch"
client_connected() {
	local i
	for i in $(seq 100); do
		"$SM_CLI" --json inspect "$ch" | grep -q '"client_alive": true' && return 0
		sleep 0.05
	done
	fail "the first client did not connect"
}
bg "$SM_CLI" rpc call "$ch" sleep 400
client_connected
expect 0 "$SM_CLI" rpc call "$ch" echo turn
out_has turn
bg "$SM_CLI" rpc call "$ch" sleep 1500
client_connected
expect 1 "$SM_CLI" rpc call "$ch" echo busy --connect-timeout 50
err_has "another client is connected"
exit 0
