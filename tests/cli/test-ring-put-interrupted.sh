#!/usr/bin/env bash
# ring put interrupted (Ctrl+C: SIGINT; or SIGTERM) while it waits, for
# room in a full ring or for standard input, ends at once as ring get
# does: one line saying how many messages went into the ring, exit 1
# (with --json, their count on stdout too).
# (It died of the signal, saying nothing: a full ring left the user to
# guess which of the messages went in.)  The ring then holds just those.
# So too when the signal comes just before it waits for standard input:
# a shim ($1, LD_PRELOAD) holds it there while the signal is sent.
. "$(dirname "$0")/lib.sh"
shim=${1:?usage: test-ring-put-interrupted.sh LSTAT-HOLD-SHIM}
[ -f "$shim" ] || fail "no shim $shim"

# Started in the background, a command ignores SIGINT (bash's rule when
# job control is off); at a terminal, Ctrl+C reaches it with its default.
env --default-signal=INT true 2>/dev/null || { echo "env lacks --default-signal" >&2; exit 77; }

# await_occupancy NAME N: wait until ring NAME holds N messages.
await_occupancy() {
	await_live "$1" "l['occupancy'] == $2" "ring $1 never held $2 messages"
}

# interrupt SIGNAL WHAT WAIT: send SIGNAL to the waiter once it sleeps in
# its wait (WAIT: room, in a futex; input, in poll()); it ends within 2 s,
# exit 1, one line on stderr (then in $T_TMP/err, for err_has).
interrupt() {
	local wchan='futex*'
	[ "$3" = input ] && wchan='*poll*'
	t_ended "$waiter" && fail "$2 did not wait: $(cat "$T_TMP/w.err")"
	await_blocked "$waiter" "$wchan" "$2: waiting for $3"
	kill "-$1" "$waiter"
	interrupted "$@"
}

# interrupted SIGNAL WHAT: the waiter, sent SIGNAL, ends as interrupt says.
interrupted() {
	local rc=0
	t_await_end "$waiter" 2 || { kill -9 "$waiter"; fail "$2 still runs 2 s after SIG$1"; }
	wait "$waiter" || rc=$?
	cp "$T_TMP/w.err" "$T_TMP/err"
	[ "$rc" = 1 ] || { cat "$T_TMP/err" >&2; fail "$2 after SIG$1: exit $rc, not 1"; }
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat "$T_TMP/err" >&2; fail "$2 said more than one line"; }
}

# holds NAME TEXT...: ring NAME holds exactly these messages, in order
# (taken out to see).
holds() {
	local r=$1
	shift
	expect 0 "$SM_CLI" --json ring get "$r" --all
	json_check "[m['data'] for m in d['messages']] == $(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@")"
}

# put_in_background INPUT ARGS...: `ring put ARGS...` reading INPUT, in
# the background (killed at exit), its pid in $waiter.  (Its own
# redirection: a background command's standard input is /dev/null else.)
put_in_background() {
	local input=$1
	shift
	env --default-signal=INT "${put_env[@]}" "$SM_CLI" ring put "$@" <"$input" \
		>"$T_TMP/w.out" 2>"$T_TMP/w.err" &
	waiter=$!
	T_PIDS+=("$waiter")
}
put_env=()

r=$(t_name ring)
bg "$SM_CLI" create ring "$r" --nodes 4 --node-size 64 --hold
wait_for "$r"

# --data: the first goes into the last free node, the second waits.
expect 0 "$SM_CLI" ring put "$r" --data a --data b --data c
put_in_background /dev/null "$r" --data d --data e --data f
await_occupancy "$r" 4
interrupt INT "ring put --data into a full ring" room
err_has "segment '$r': interrupted after 1 of 3 messages went into the ring"
holds "$r" a b c d

# --json: the count of what went in still comes on stdout (as an
# interrupted get ends its JSON), the error on stderr.  (It printed no
# JSON: a script read nothing, as if the put had not started.)
expect 0 "$SM_CLI" ring put "$r" --data a --data b
put_in_background /dev/null "$r" --json --data cc --data ddd --data e
await_occupancy "$r" 4
interrupt INT "ring put --json into a full ring" room
err_has "segment '$r': interrupted after 2 of 3 messages went into the ring"
cp "$T_TMP/w.out" "$T_TMP/out"
json_check "d == {'messages': 2, 'bytes': 5}"
holds "$r" a b cc ddd

# Nothing went in: it says so too (as an interrupted get says 0 of 1).
expect 0 "$SM_CLI" ring put "$r" --data a --data b --data c --data d
put_in_background /dev/null "$r" --data e
interrupt TERM "ring put --data e into a full ring" room
err_has "segment '$r': interrupted after 0 of 1 message went into the ring"
holds "$r" a b c d

# --lines from a pipe that stays open: waiting for room...
mkfifo "$T_TMP/lines"
exec 3<>"$T_TMP/lines"
expect 0 "$SM_CLI" ring put "$r" --data a --data b
put_in_background "$T_TMP/lines" "$r" --lines
printf 'x\ny\nz\n' >&3
await_occupancy "$r" 4
interrupt INT "ring put --lines into a full ring" room
err_has "segment '$r': interrupted after 2 messages went into the ring"
holds "$r" a b x y

# ... and waiting for the next line.
put_in_background "$T_TMP/lines" "$r" --lines
printf 'p\n' >&3
await_occupancy "$r" 1
interrupt INT "ring put --lines waiting for a line" input
err_has "segment '$r': interrupted after 1 message went into the ring"
holds "$r" p

# All of standard input as one message: interrupted before its end,
# nothing goes in.
put_in_background "$T_TMP/lines" "$r"
printf 'partial' >&3
interrupt INT "ring put waiting for the end of standard input" input
err_has "segment '$r': interrupted after 0 of 1 message went into the ring"
holds "$r"

# SIGINT just before the wait for standard input (the shim holds the put
# there until told to go on): the put ends at once all the same.  (The
# handler set the flag, then read() waited until more input came or
# Ctrl+C was pressed again.)  All of it as one message, then by lines.
preload=$(t_preload "$shim")
for how in "" --lines; do
	hold=$T_TMP/hold$how
	mkdir "$hold"
	put_env=(SM_TEST_HOLD_STDIN_DIR="$hold" LD_PRELOAD="$preload")
	put_in_background "$T_TMP/lines" "$r" $how
	put_env=()
	for _ in $(seq 250); do [ -e "$hold/held" ] && break; sleep 0.02; done
	[ -e "$hold/held" ] || fail "ring put ${how:-(one message)} never waited for standard input"
	kill -INT "$waiter"
	touch "$hold/go"
	interrupted INT "ring put ${how:-(one message)} interrupted just before it waits for standard input"
	err_has "segment '$r': interrupted after 0"
done
holds "$r"
exec 3>&-
exit 0
