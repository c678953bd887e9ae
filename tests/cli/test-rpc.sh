#!/usr/bin/env bash
# rpc serve with the built-in methods, rpc call, the channel's statistics in
# inspect, and the errors (handler error, unknown method, timeout, no
# server, wrong kind, name taken).
. "$(dirname "$0")/lib.sh"

ch=$(t_name ch)
bg "$SM_CLI" rpc serve "$ch"
wait_for "$ch"

expect 0 "$SM_CLI" rpc call "$ch" echo hello world
[ "$(cat "$T_TMP/out")" = "hello world" ] || fail "echo gave '$(cat "$T_TMP/out")'"
expect 0 "$SM_CLI" rpc call "$ch" add -- 2 3 -7
[ "$(cat "$T_TMP/out")" = "-2" ] || fail "add gave '$(cat "$T_TMP/out")'"
expect 0 "$SM_CLI" rpc call "$ch" sleep 10
out_has "slept 10 ms"
printf 'from\nstdin' | "$SM_CLI" rpc call "$ch" echo --stdin -n >"$T_TMP/out" || fail "call --stdin"
[ "$(cat "$T_TMP/out")" = "$(printf 'from\nstdin')" ] || fail "--stdin echo gave '$(cat "$T_TMP/out")'"
expect 0 "$SM_CLI" rpc call --json "$ch" add 40 2
json_check "d['status'] == 'ok' and d['response'] == '42' and d['response_len'] == 2 and d['latency_ns'] > 0"
json_keys_in_help rpc call

# The handler's errors come back with their code and text.
expect 1 "$SM_CLI" rpc call "$ch" add 1 x
err_has "segment '$ch': add: 'x' is not an integer (EINVAL)"
err_has "EINVAL"
expect 1 "$SM_CLI" rpc call "$ch" frobnicate
err_has "no method 'frobnicate'"
# What the server says is shown as list shows names: one line, no escapes.
expect 1 "$SM_CLI" rpc call "$ch" "$(printf 'two\nlines')"
err_has "no method 'two\x0alines'"
expect 1 "$SM_CLI" rpc call "$ch" add 1 "$(printf '\033[31mred')"
err_has "add: '\x1b[31mred' is not an integer"
"$SM_CLI" rpc call --json "$ch" add >"$T_TMP/out" 2>/dev/null && fail "add with no numbers succeeded"
json_check "d['status'] == 'EREMOTEIO' and d['remote_error'] == 'EINVAL' and 'no numbers' in d['message']"
# Arguments (--stdin) with a NUL byte: an error, not a result from the
# bytes before it ("5\0007" added up to 5, "5\0" slept 5 ms).
printf '5\0007' >"$T_TMP/nul"
expect 1 "$SM_CLI" rpc call "$ch" add --stdin <"$T_TMP/nul"
err_has "add: the arguments hold a NUL byte (EINVAL)"
printf '5\000' >"$T_TMP/nul"
expect 1 "$SM_CLI" rpc call "$ch" sleep --stdin <"$T_TMP/nul"
err_has "sleep: the arguments hold a NUL byte (EINVAL)"
expect 1 "$SM_CLI" rpc call "$ch" sleep 1000 --timeout 100
err_has "timed out"
# --timeout 0 sent the request (the library's fire and forget), said
# "timed out" and exited 1 while the server ran it: now a usage error, and
# no request reaches the server (the CLI would close the channel at once,
# and the server drops the requests of a client that has left).
requests() {
	"$SM_CLI" inspect --json "$ch" | python3 -c 'import json,sys; print(json.load(sys.stdin)["live"]["server"]["requests_received"])'
}
before=$(requests)
for zero in 0 00; do
	expect 2 "$SM_CLI" rpc call "$ch" echo x --timeout "$zero"
	err_has "--timeout must be at least 1 ms (or -1: no deadline)"
done
[ "$(requests)" = "$before" ] || fail "rpc call --timeout 0 sent a request"
expect 0 "$SM_CLI" rpc call --help
out_has "at least 1"
# A response that cannot be written: an error naming the channel, as for
# ring get.
if [ -w /dev/full ]; then
	"$SM_CLI" rpc call "$ch" echo lost >/dev/full 2>"$T_TMP/err" && fail "rpc call to /dev/full exited 0"
	err_has "segment '$ch': writing standard output: No space left on device; the call was made"
fi

# Statistics while the server runs.
expect 0 "$SM_CLI" inspect --json "$ch"
json_check "d['segment']['kind'] == 'rpc' and d['live']['server_alive'] is True"
json_check "d['live']['server']['requests_received'] >= 8 and d['live']['connections'] >= 8"
expect 0 "$SM_CLI" inspect "$ch"
out_has "Server side:"

# Errors of the channel itself.
expect 1 "$SM_CLI" rpc serve "$ch"
err_has "segment '$ch'"
r=$(t_name ring)
bg "$SM_CLI" create ring "$r" --nodes 2 --node-size 64 --hold
wait_for "$r"
expect 1 "$SM_CLI" rpc call "$r" echo x --connect-timeout 0
err_has "segment '$r'"
kill -TERM "${T_PIDS[0]}"
wait "${T_PIDS[0]}" || fail "rpc serve did not exit 0 on SIGTERM"
[ -e "/dev/shm/sm.$ch" ] && fail "rpc serve left its channel behind"
expect 1 "$SM_CLI" rpc call "$ch" echo x --connect-timeout 0

# A channel made by `create rpc --hold` has a server but no handler.
bare=$(t_name bare)
bg "$SM_CLI" create rpc "$bare" --hold --nodes 8 --node-size 4K
wait_for "$bare"
expect 1 "$SM_CLI" rpc call "$bare" echo x
err_has "no handler"
expect 0 "$SM_CLI" inspect --json "$bare"
json_check "d['live']['node_count'] == 8 and d['live']['packet_size'] == 4096"
# Wrong kind: "an rpc" (said "ar-pee-see"), as "an array".
expect 1 "$SM_CLI" ring put "$bare" --data x
err_has "another kind (it is an rpc)"

# serve_logged NAME [OPTION...]: rpc serve NAME in the background, its
# stderr in $T_TMP/serve-err and its pid in $pid, once the channel is ready.
serve_logged() {
	"$SM_CLI" rpc serve "$@" >/dev/null 2>"$T_TMP/serve-err" &
	pid=$!
	T_PIDS+=("$pid")
	wait_for "$1"
}

# --calls N: serve N calls, then exit by itself.
one=$(t_name one)
serve_logged "$one" --calls 1
expect 0 "$SM_CLI" rpc call "$one" echo bye
wait "$pid" || fail "rpc serve --calls 1 did not exit 0"
grep -qF "answered 1 call on '$one'" "$T_TMP/serve-err" ||
	fail "rpc serve: $(cat "$T_TMP/serve-err")"
# Calls answered with an error reply count, and are said apart: it said
# "answered 3 calls" for an echo, an unknown method and bad arguments.
errs=$(t_name errs)
serve_logged "$errs" --calls 3
expect 0 "$SM_CLI" rpc call "$errs" echo fine
expect 1 "$SM_CLI" rpc call "$errs" frobnicate
expect 1 "$SM_CLI" rpc call "$errs" add 1 x
wait "$pid" || fail "rpc serve --calls 3 did not exit 0"
grep -qxF "sharedmem rpc serve: answered 3 calls on '$errs' (2 with an error: 1 no such method, 1 bad arguments)" \
	"$T_TMP/serve-err" || fail "rpc serve with error replies: $(cat "$T_TMP/serve-err")"
errs=$(t_name errs1)
serve_logged "$errs" --calls 1
expect 1 "$SM_CLI" rpc call "$errs" frobnicate
wait "$pid" || fail "rpc serve --calls 1 did not exit 0"
grep -qxF "sharedmem rpc serve: answered 1 call on '$errs' (1 with an error: no such method)" \
	"$T_TMP/serve-err" || fail "rpc serve with an error reply: $(cat "$T_TMP/serve-err")"
# With standard output closed, rpc call refuses before calling (the
# response could not be shown): the server still has its one call to
# answer ('rpc call' made it, and the answer was lost).
shut=$(t_name shut)
serve_logged "$shut" --calls 1
"$SM_CLI" rpc call "$shut" echo lost >&- 2>"$T_TMP/err" && fail "rpc call with stdout closed exited 0"
err_has "segment '$shut': standard output is closed or read-only: no call made"
expect 0 "$SM_CLI" rpc call "$shut" echo kept
[ "$(cat "$T_TMP/out")" = kept ] || fail "rpc call after the refused one: '$(cat "$T_TMP/out")'"
wait "$pid" || fail "rpc serve --calls 1 did not exit 0"
# No more than N: a call that came within the 20 ms before the server
# looked again was run too (with --workers, answered: "answered 3 calls"
# for --calls 2), and the N-th reply could be cut off by the close.  Every
# one of the N is answered, and a call past them is refused unrun.
for workers in 0 4; do
	two=$(t_name "two$workers")
	serve_logged "$two" --calls 2 --workers "$workers"
	ok=0
	for i in 1 2 3; do
		"$SM_CLI" rpc call "$two" echo "$i" --connect-timeout 500 >/dev/null 2>&1 && ok=$((ok + 1))
	done
	wait "$pid" || fail "rpc serve --calls 2 --workers $workers did not exit 0"
	[ "$ok" = 2 ] || fail "rpc serve --calls 2 --workers $workers: $ok of 3 calls answered"
	grep -qF "answered 2 calls on '$two'" "$T_TMP/serve-err" ||
		fail "rpc serve --calls 2 --workers $workers: $(cat "$T_TMP/serve-err")"
done
# A channel whose ring's name is taken: "segment 'CH': a segment of that
# name exists", though 'inspect CH' found none; the ring is named.
way=$(t_name way)
bg "$SM_CLI" create ring "$way.s2c" --nodes 4 --node-size 64 --hold
wait_for "$way.s2c"
expect 1 "$SM_CLI" create rpc "$way"
err_has "segment '$way': cannot create it: its ring '$way.s2c' exists (and its owner is alive)"
expect 1 timeout 10 "$SM_CLI" rpc serve "$way"
err_has "its ring '$way.s2c' exists (and its owner is alive)"
# Interrupted while a handler sleeps, the server stops within a second,
# not when the sleep ends (60 s at most), and the caller hears why.  The
# cancelled call is not among those answered (it said "answered 2 calls"
# for one echo and the cancelled sleep).
nap=$(t_name nap)
serve_logged "$nap"
expect 0 "$SM_CLI" rpc call "$nap" echo first
"$SM_CLI" rpc call "$nap" sleep 30000 --timeout -1 >/dev/null 2>"$T_TMP/nap-err" &
caller=$!
T_PIDS+=("$caller")
# Its request read, the server runs the handler at once.
await_live "$nap" "l['server']['requests_received'] == 2" "the server never had the sleep call"
kill -INT "$pid"
t_await_end "$pid" 2 || fail "rpc serve still runs 2 s after SIGINT, in a 30 s sleep call"
wait "$pid" || fail "rpc serve did not exit 0 on SIGINT"
[ -e "/dev/shm/sm.$nap" ] && fail "rpc serve left its channel behind"
t_await_end "$caller" 2 || fail "rpc call still waits 2 s after its server stopped"
wait "$caller" && fail "rpc call succeeded although the server stopped mid-sleep"
grep -qF "the server is stopping" "$T_TMP/nap-err" || fail "the cancelled caller heard: $(cat "$T_TMP/nap-err")"
grep -qF "answered 1 call on '$nap'; 1 cancelled as it stopped" "$T_TMP/serve-err" ||
	fail "rpc serve stopped mid-call: $(cat "$T_TMP/serve-err")"

# A channel's rings carry its packets: ring put and traffic produce wrote
# into them (the server then took "hi" for a request), ring get and
# traffic consume took packets meant for the other side.  Refused (exit 1),
# nothing moved; inspect and recover, which move no message, still go.
own=$(t_name own)
bg "$SM_CLI" rpc serve "$own"
wait_for "$own"
for ring in "$own.c2s" "$own.s2c"; do
	expect 1 "$SM_CLI" ring put "$ring" --data hi
	err_has "segment '$ring': one of RPC channel '$own''s rings (use 'sharedmem rpc call')"
	expect 1 "$SM_CLI" ring get "$ring" --timeout 0
	err_has "one of RPC channel '$own''s rings"
	expect 1 "$SM_CLI" traffic produce "$ring" --count 1
	err_has "one of RPC channel '$own''s rings"
	expect 1 timeout 10 "$SM_CLI" traffic consume "$ring" --count 1
	err_has "one of RPC channel '$own''s rings"
	expect 0 "$SM_CLI" inspect "$ring"
	expect 0 "$SM_CLI" ring recover "$ring"
done
expect 0 "$SM_CLI" inspect --json "$own"
json_check 'd["live"]["server"]["packets_read"] == 0 and d["live"]["server"]["protocol_errors"] == 0'
expect 0 "$SM_CLI" rpc call "$own" echo fine
out_has fine
exit 0
