#!/usr/bin/env bash
# An rpc serve whose channel is removed (`rm NAME`, rings and all), or
# replaced by another segment under its name, stops once no client is
# connected: no client could ever connect again.  It says so on one line,
# with how many calls it answered, and exits 1 within a check or two.  A
# client connected to the old mapping is served to the end first.  A
# client never connects to a channel segment renamed over another's name
# (the rings under that name are another server's).
. "$(dirname "$0")/lib.sh"

# serving NAME: start `rpc serve NAME` in the background as the waiter
# (stderr in $T_TMP/NAME.PID.err, for stopped NAME) and wait until the
# channel is there.
serving() {
	start_waiting /dev/null "$T_TMP/serve.err" "$SM_CLI" rpc serve "$1"
	wait_for "$1"
	mv "$T_TMP/serve.err" "$T_TMP/$1.$waiter.err"
}

# stopped NAME WHAT: the server of NAME that is $waiter exits 1 within 5 s
# with one line, in $T_TMP/err.
stopped() {
	ends_within_5s "$2" "$T_TMP/$1.$waiter.err"
}

# client_connected NAME: wait (up to 5 s) until a client is connected.
client_connected() {
	local i
	for i in $(seq 100); do
		"$SM_CLI" inspect --json "$1" >"$T_TMP/out" 2>/dev/null &&
			python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["live"]["client_pid"] == 0)' \
				"$T_TMP/out" && return 0
		sleep 0.05
	done
	fail "no client connected to $1"
}

# Removed by `rm` (no --force: removing names is allowed while the server
# lives): the server stops and its rings are gone with the channel.
ch=$(t_name removed)
serving "$ch"
expect 0 "$SM_CLI" rpc call "$ch" echo one
sleep 0.6 # a few checks: still serving while named
kill -0 "$waiter" 2>/dev/null || fail "rpc serve stopped while its channel was named"
expect 0 "$SM_CLI" rm "$ch"
stopped "$ch" "rpc serve"
err_has "sharedmem rpc serve: segment '$ch': the channel was removed after 1 call"
grep -q answered "$T_TMP/err" && fail "rpc serve also said it answered"
ls /dev/shm | grep -qF "sm.$ch" && fail "the channel's files are left: $(ls /dev/shm | grep -F "sm.$ch")"

# A client connected when the channel is removed is still answered; the
# server stops once it has left.
busy=$(t_name busy)
serving "$busy"
server=$waiter
"$SM_CLI" rpc call "$busy" sleep 1500 >"$T_TMP/call.out" 2>"$T_TMP/call.err" &
call=$!
T_PIDS+=("$call")
client_connected "$busy"
expect 0 "$SM_CLI" rm "$busy"
wait "$call" || fail "the connected client's call failed: $(cat "$T_TMP/call.err")"
[ "$(cat "$T_TMP/call.out")" = "slept 1500 ms" ] || fail "the call gave '$(cat "$T_TMP/call.out")'"
waiter=$server
stopped "$busy" "rpc serve with a client"
err_has "segment '$busy': the channel was removed after 1 call"

# Removed and created again by a new server while the old one is stopped:
# the old one then finds its name taken, stops, and leaves the new
# channel's names alone.
again=$(t_name again)
serving "$again"
old=$waiter
kill -STOP "$old"
expect 0 "$SM_CLI" rm "$again"
serving "$again"
new=$waiter
waiter=$old
kill -CONT "$old"
stopped "$again" "rpc serve of a channel created again"
err_has "segment '$again': the channel was replaced by another segment after 0 calls"
sleep 0.6 # a few checks of the new server's own
kill -0 "$new" 2>/dev/null || fail "the new server stopped too"
expect 0 "$SM_CLI" rpc call "$again" echo new
[ "$(cat "$T_TMP/out")" = new ] || fail "the new server answered '$(cat "$T_TMP/out")'"
for f in "" .c2s .s2c; do
	[ -e "/dev/shm/sm.$again$f" ] || fail "the old server's close removed $again$f"
done

# Another server's channel segment renamed over the name (its rings keep
# their own names).  Both servers stopped meanwhile, a client refuses the
# mix at once rather than sending into rings no server reads; then the
# server whose name was taken says so, and the one whose name went away
# says that.
a=$(t_name a)
b=$(t_name b)
serving "$a"
sa=$waiter
serving "$b"
sb=$waiter
kill -STOP "$sa" "$sb"
mv "/dev/shm/sm.$b" "/dev/shm/sm.$a" || fail "could not rename a channel over another"
start=$(date +%s%N)
expect 1 "$SM_CLI" rpc call "$a" echo x --connect-timeout 0 --timeout 3000
err_has "segment '$a': cannot connect: no server on this channel"
[ $(($(date +%s%N) - start)) -lt 2000000000 ] || fail "the call to a mixed channel waited"
kill -CONT "$sa" "$sb"
waiter=$sa
stopped "$a" "rpc serve whose name was taken"
err_has "segment '$a': the channel was replaced by another segment after 0 calls"
waiter=$sb
stopped "$b" "rpc serve whose segment was renamed away"
err_has "segment '$b': the channel was removed after 0 calls"

# One ring alone removed (rm --force): no client can connect either.
r=$(t_name ring)
serving "$r"
expect 0 "$SM_CLI" rm --force "$r.c2s"
stopped "$r" "rpc serve without its ring"
err_has "segment '$r': the channel was removed after 0 calls"
exit 0
