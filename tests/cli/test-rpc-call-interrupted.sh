#!/usr/bin/env bash
# rpc call interrupted (Ctrl+C: SIGINT; or SIGTERM) while it waits for the
# reply cancels the call and says so on one line, exit 1 (with --json,
# status "ECANCELED" on stdout too); while it waits for standard input
# (--stdin) or for a server to connect to, it says that no call was made.
# (It died of the signal, saying nothing, exit 130: its call stayed
# counted in flight in the channel's statistics, and the user could not
# tell whether the server had it.)
. "$(dirname "$0")/lib.sh"

# Started in the background, a command ignores SIGINT (bash's rule when
# job control is off); at a terminal, Ctrl+C reaches it with its default.
env --default-signal=INT true 2>/dev/null || { echo "env lacks --default-signal" >&2; exit 77; }

# await_requests NAME N: wait until the server of channel NAME has
# received N requests.
await_requests() {
	await_live "$1" "l['server']['requests_received'] == $2" "the server of $1 never had request $2"
}

# call_in_background INPUT ARGS...: `rpc call ARGS...` reading INPUT, in
# the background, with SIGINT at its default (killed at exit), its pid in
# $waiter.  (Its own redirection: a background command's standard input
# is /dev/null else.)
call_in_background() {
	local input=$1
	shift
	env --default-signal=INT "$SM_CLI" rpc call "$@" <"$input" >"$T_TMP/w.out" 2>"$T_TMP/w.err" &
	waiter=$!
	T_PIDS+=("$waiter")
}

# interrupted SIGNAL WHAT: send SIGNAL to the waiter; it ends within 2 s,
# exit 1, one line on stderr (then in $T_TMP/err, for err_has).
interrupted() {
	local rc=0
	t_ended "$waiter" && fail "$2 did not wait: $(cat "$T_TMP/w.err")"
	kill "-$1" "$waiter"
	t_await_end "$waiter" 2 || { kill -9 "$waiter"; fail "$2 still runs 2 s after SIG$1"; }
	wait "$waiter" || rc=$?
	cp "$T_TMP/w.err" "$T_TMP/err"
	[ "$rc" = 1 ] || { cat "$T_TMP/err" >&2; fail "$2 after SIG$1: exit $rc, not 1"; }
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat "$T_TMP/err" >&2; fail "$2 said more than one line"; }
}

ch=$(t_name ch)
bg "$SM_CLI" rpc serve "$ch" --workers 4
wait_ready "$ch"

# Waiting for the reply: the call is cancelled, and counted so (it stayed
# counted in flight).
# (The longest sleep, and no timeout of the call's own: it is still
# waiting when the signal comes, however slow the machine; the default
# 5 s timed out first on a loaded one.)
call_in_background /dev/null "$ch" sleep 60000 --timeout -1
await_requests "$ch" 1
interrupted INT "rpc call waiting for the reply"
err_has "segment '$ch': sleep: interrupted: the call was cancelled (the server may still run it)"
[ -s "$T_TMP/w.out" ] && fail "an interrupted rpc call printed a response: $(cat "$T_TMP/w.out")"
[ "$(t_live "$ch" "l['client']['cancelled'], l['client']['in_flight']")" = "1 0" ] ||
	fail "after the interrupted call: $(t_live "$ch" "l['client']")"

# --json: the outcome on stdout too.
call_in_background /dev/null --json "$ch" sleep 60000 --timeout -1
await_requests "$ch" 2
interrupted TERM "rpc call --json waiting for the reply"
err_has "sleep: interrupted: the call was cancelled"
cp "$T_TMP/w.out" "$T_TMP/out"
json_check "d['status'] == 'ECANCELED' and d['response_len'] == 0"

# Waiting for standard input: no call made.
mkfifo "$T_TMP/in"
exec 3<>"$T_TMP/in"
call_in_background "$T_TMP/in" --stdin "$ch" echo
printf 'part of it' >&3
# In poll() for more, what there was read.
await_blocked "$waiter" '*poll*' "rpc call --stdin waiting for more input"
interrupted INT "rpc call --stdin waiting for the end of standard input"
err_has "segment '$ch': interrupted while reading standard input: no call made"
exec 3>&-
[ "$(t_live "$ch" "l['server']['requests_received']")" = 2 ] || fail "rpc call --stdin interrupted sent a request"

# Waiting for a server that never comes: no call made.
none=$(t_name none)
call_in_background /dev/null "$none" echo x --connect-timeout -1
# Between looks for the channel, the library's connect sleeps.
await_blocked "$waiter" '*nanosleep*' "rpc call waiting for a server"
interrupted INT "rpc call waiting for a server"
err_has "segment '$none': interrupted while waiting to connect: no call made"

# The channel serves the next caller as before.
expect 0 "$SM_CLI" rpc call "$ch" echo after
out_has after
exit 0
