#!/usr/bin/env bash
# bench ring's round trips and bench compare's request/response runs end
# with a message when the process on the other side dies, instead of
# waiting on it (the runs are long: they would still be going); and their
# children die with the command when it is killed alone.
. "$(dirname "$0")/lib.sh"

# start_with_child TEST CMD...: run CMD in the background ($pid, output in
# $T_TMP/out and err) until it has a child $kid for which the shell test
# TEST holds (at most 30 s; TEST may pick another $kid).
start_with_child() {
	local test=$1 _
	shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err" &
	pid=$!
	T_PIDS+=("$pid")
	for _ in $(seq 600); do
		kid=$(pgrep -P "$pid" | head -1)
		[ -n "$kid" ] && eval "$test" && break
		kid=
		t_ended "$pid" && break
		sleep 0.05
	done
	[ -n "$kid" ] || fail "'$*': no child for which $test ($(cat "$T_TMP/err"))"
}
# The round trips' echo: the child once their rings exist (the throughput
# run's children were reaped before, though a pgrep just before may list
# one).  A child with threads: an echo server of bench compare or libzmq's
# (the core-to-core reading before each run forks a child with one).
rtt_echo='[ -e "/dev/shm/sm.bench-rtt-$pid-resp" ] && kid=$(pgrep -P "$pid") && [ -n "$kid" ]'
threaded='[ "$(ls "/proc/$kid/task" 2>/dev/null | wc -l)" -ge 2 ]'


# ends_failed WHAT SECONDS RC OUT: $pid ends within SECONDS, exit RC, its
# OUT (out or err) saying the other side died.
ends_failed() {
	bench_ends "$pid" "$2" "$1 still running $2 s after the process on the other side died"
	[ "$rc" = "$3" ] || fail "$1 exited $rc, not $3, after the other side died: $(cat "$T_TMP/err")"
	grep -q "the process on the other side died" "$T_TMP/$4" ||
		fail "$1, the other side dead, said: $(cat "$T_TMP/out" "$T_TMP/err")"
}

# The round trips' echo process (the throughput run before them is short).
start_with_child "$rtt_echo" "$SM_CLI" bench ring --count 2000000
kill -KILL "$kid"
ends_failed "bench ring's round trips" 15 1 err
[ -e "/dev/shm/sm.bench-rtt-$pid-req" ] && fail "bench ring left bench-rtt-$pid-req"
grep -q "round trip" "$T_TMP/out" && fail "bench ring printed round trips without its echo process"

# bench rpc's server, which owns the channel: the command removes what the
# dead server left (it used to stay in /dev/shm).
start_with_child '[ -e "/dev/shm/sm.bench-rpc-$pid" ] && kid=$(pgrep -P "$pid") && [ -n "$kid" ]' \
	"$SM_CLI" bench rpc --count 50000000 --no-unix
kill -KILL "$kid"
ends_failed "bench rpc" 15 1 err
for f in "" .c2s .s2c; do
	[ -e "/dev/shm/sm.bench-rpc-$pid$f" ] && fail "bench rpc left bench-rpc-$pid$f"
done

# echo_answered: the round trips' echo has answered a call: stopped before
# that, as a loaded machine can have it, it let no message through at all
# ("no message got through", not the one lost call looked for).
echo_answered() {
	local _
	for _ in $(seq 300); do
		"$SM_CLI" --json inspect "bench-rtt-$pid-resp" >"$T_TMP/rtt" 2>/dev/null &&
			python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["live"]["counters"]["messages_written"] < 1)' \
				"$T_TMP/rtt" && return 0
		sleep 0.05
	done
	fail "the round trips' echo never answered"
}

# An echo stalled past a call's timeout (stopped for 7 s here): that call
# counts lost, and the run ends with its figures.  Resumed after the rings
# were closed, the echo answers the call into a shut ring: it used to exit
# 1 for that, and the round trips failed with "Input/output error".
# stall_echo AFTER FOR LIMIT: stop the round trips' echo AFTER seconds, for
# FOR seconds; bench ring then ends within LIMIT seconds, exit 1.
stall_echo() {
	echo_answered
	sleep "$1"
	kill -STOP "$kid" || fail "the round trips ended before their echo could be stopped"
	sleep "$2"
	kill -CONT "$kid"
	bench_ends "$pid" "$3" "bench ring still running $3 s after its echo went on"
	[ "$rc" = 1 ] || fail "bench ring exited $rc, not 1, when a round trip was lost: $(cat "$T_TMP/err")"
}
start_with_child "$rtt_echo" "$SM_CLI" bench ring --seconds 5
stall_echo 0.3 7 10
grep -q "round trip .*FAILED: lost 1," "$T_TMP/out" ||
	fail "bench ring, a round trip lost, said: $(cat "$T_TMP/out" "$T_TMP/err")"
# The same stall (6 s) while many calls are still to come: the late answer
# is the given-up call's, not the next one's.  Each call after it used to
# read the answer to the one before: counted duplicated, every one.
# (200000 calls: after the stall they run at the speed of the machine under
# the whole suite's load, sleeping wake-ups included.)
start_with_child "$rtt_echo" "$SM_CLI" bench ring --count 200000 --json
stall_echo 0.05 6 40
json_check "[(r['messages'], r['lost'], r['duplicated'], r['corrupted']) for r in d['results'] if r['workload'] == '64B round trip'] == [(199999, 1, 0, 0)]"

# A POSIX queue's echo server (a queue cannot tell that the other side died:
# both hold it).
start_with_child "$threaded" "$SM_CLI" bench compare --workloads reqresp-64 --transports posix-mq \
	--count 50000000
kill -KILL "$kid"
# (an alternative's failure is a row of the table, not the exit status)
ends_failed "bench compare over posix-mq" 15 0 out

# Killed alone (kill PID: a supervisor, not Ctrl-C), the command takes its
# children with it: those that wait on it (an echo blocked on a ring or a
# queue, a ZeroMQ producer blocked on its socket) used to wait for good.
dies_with_it() {
	kill -TERM "$pid"
	wait "$pid"
	if ! t_await_end "$kid" 5; then
		kill -KILL "$kid"
		fail "$1 (pid $kid) outlived the command by 5 s"
	fi
}
start_with_child "$rtt_echo" "$SM_CLI" bench ring --count 2000000
dies_with_it "bench ring's round-trip echo"
start_with_child "$threaded" "$SM_CLI" bench compare --workloads reqresp-64 --transports posix-mq \
	--count 50000000
dies_with_it "bench compare's posix-mq echo server"
if "$SM_CLI" bench compare --count 10 --workloads stream-64 --transports zeromq | grep -q "zeromq .* ok"; then
	start_with_child "$threaded" "$SM_CLI" bench compare --workloads stream-64 --transports zeromq \
		--count 500000000
	dies_with_it "bench compare's ZeroMQ producer"
	start_with_child "$threaded" "$SM_CLI" bench compare --workloads reqresp-64 --transports zeromq \
		--count 50000000
	dies_with_it "bench compare's ZeroMQ echo server"
fi
exit 0
