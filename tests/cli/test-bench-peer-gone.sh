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
		for kid in $(pgrep -P "$pid") ""; do
			[ -n "$kid" ] && eval "$test" && break 2
		done
		t_ended "$pid" && break
		sleep 0.05
	done
	[ -n "$kid" ] || fail "'$*': no child for which $test ($(cat "$T_TMP/err"))"
}
# stopped_kid: a child of $pid is stopped (state T); it is then $kid.  With
# SM_BENCH_TEST_ECHO_STOP=N (a test hook), a round trips' echo (bench
# ring's, bench rpc's server, the posix-mq echo server) stops itself after
# its N-th answer: it is surely serving then (one killed before it said it
# was ready made the run fail to start, "Input/output error", in CI).
stopped_kid() {
	local k
	for k in $(pgrep -P "$pid"); do
		[ "$(cut -d' ' -f3 "/proc/$k/stat" 2>/dev/null)" = T ] && kid=$k && return 0
	done
	return 1
}
# ends_failed WHAT SECONDS RC OUT: $pid ends within SECONDS, exit RC, its
# OUT (out or err) saying the other side died.
ends_failed() {
	bench_ends "$pid" "$2" "$1 still running $2 s after the process on the other side died"
	[ "$rc" = "$3" ] || fail "$1 exited $rc, not $3, after the other side died: $(cat "$T_TMP/err")"
	grep -q "the process on the other side died" "$T_TMP/$4" ||
		fail "$1, the other side dead, said: $(cat "$T_TMP/out" "$T_TMP/err")"
}

# The round trips' echo process, stopped at its first answer so that the
# round trips are still going when it dies.
SM_BENCH_TEST_ECHO_STOP=1 start_with_child stopped_kid "$SM_CLI" bench ring --count 1000
kill -KILL "$kid"
ends_failed "bench ring's round trips" 15 1 err
[ -e "/dev/shm/sm.bench-rtt-$pid-req" ] && fail "bench ring left bench-rtt-$pid-req"
grep -q "round trip" "$T_TMP/out" && fail "bench ring printed round trips without its echo process"

# bench rpc's server, which owns the channel: the command removes what the
# dead server left (it used to stay in /dev/shm).
SM_BENCH_TEST_ECHO_STOP=1 start_with_child stopped_kid "$SM_CLI" bench rpc --count 50000000 --no-unix
kill -KILL "$kid"
ends_failed "bench rpc" 15 1 err
for f in "" .c2s .s2c; do
	[ -e "/dev/shm/sm.bench-rpc-$pid$f" ] && fail "bench rpc left bench-rpc-$pid$f"
done

# await TEST WHAT: the shell test TEST holds within 60 s, else fail "WHAT".
await() {
	local _
	for _ in $(seq 1200); do
		eval "$1" && return 0
		t_ended "$pid" && break
		sleep 0.05
	done
	fail "$2 ($(cat "$T_TMP/err"))"
}
resp_timeouts() {
	"$SM_CLI" --json inspect "bench-rtt-$pid-resp" 2>/dev/null |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["live"]["counters"]["timeouts"])' 2>/dev/null
}

# An echo stalled past a call's timeout: that call counts lost, and the
# run ends with its figures.  (A timed kill -STOP raced the run's end.)
# stall_echo ANSWERS WHEN LIMIT ARGS...: bench ring ARGS, its echo stopped
# after ANSWERS answers and let go on once the shell test WHEN holds, ends
# within LIMIT seconds of that, exit 1.
stall_echo() {
	local answers=$1 when=$2 limit=$3
	shift 3
	SM_BENCH_TEST_ECHO_STOP=$answers start_with_child stopped_kid "$SM_CLI" bench ring "$@"
	await "$when" "bench ring, its echo stopped, never came to: $when"
	kill -CONT "$kid"
	bench_ends "$pid" "$limit" "bench ring still running $limit s after its echo went on"
	[ "$rc" = 1 ] || fail "bench ring exited $rc, not 1, when a round trip was lost: $(cat "$T_TMP/err")"
}
# The last call lost: the run ends, its rings closed, before the echo goes
# on.  Resumed, it answers the call into a shut ring: it used to exit 1
# for that, and the round trips failed with "Input/output error".
stall_echo 50 '! [ -e "/dev/shm/sm.bench-rtt-$pid-req" ]' 10 --count 51
grep -q "round trip .*FAILED: lost 1," "$T_TMP/out" ||
	fail "bench ring, a round trip lost, said: $(cat "$T_TMP/out" "$T_TMP/err")"
# The echo goes on once the call timed out, while calls are still to come:
# the late answer is the given-up call's, not the next one's.  Each call
# after it used to read the answer to the one before: counted duplicated,
# every one.  (The next call's own timeout, 5 s, is the margin.)
stall_echo 1000 '[ "$(resp_timeouts)" = 1 ]' 30 --count 2000 --json
json_check "[(r['messages'], r['lost'], r['duplicated'], r['corrupted']) for r in d['results'] if r['workload'] == '64B round trip'] == [(1999, 1, 0, 0)]"

# A POSIX queue's echo server (a queue cannot tell that the other side died:
# both hold it).
SM_BENCH_TEST_ECHO_STOP=1 start_with_child stopped_kid "$SM_CLI" bench compare --workloads reqresp-64 --transports posix-mq \
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
SM_BENCH_TEST_ECHO_STOP=1 start_with_child stopped_kid "$SM_CLI" bench ring --count 1000
dies_with_it "bench ring's round-trip echo"
SM_BENCH_TEST_ECHO_STOP=1 start_with_child stopped_kid "$SM_CLI" bench compare --workloads reqresp-64 --transports posix-mq \
	--count 50000000
dies_with_it "bench compare's posix-mq echo server"
if "$SM_CLI" bench compare --count 10 --workloads stream-64 --transports zeromq | grep -q "zeromq .* ok"; then
	start_with_child "$zmq_process" "$SM_CLI" bench compare --workloads stream-64 --transports zeromq \
		--count 500000000
	dies_with_it "bench compare's ZeroMQ producer"
	start_with_child "$zmq_process" "$SM_CLI" bench compare --workloads reqresp-64 --transports zeromq \
		--count 50000000
	dies_with_it "bench compare's ZeroMQ echo server"
fi
exit 0
