#!/usr/bin/env bash
# bench ring's round trips and bench compare's request/response runs end
# with a message when the process on the other side dies, instead of
# waiting on it (the runs are long: they would still be going).
. "$(dirname "$0")/lib.sh"

# kill_child_of TEST CMD...: run CMD in the background ($pid, output in
# $T_TMP/out and err) until it has a child $kid for which the shell test
# TEST holds (at most 30 s; TEST may pick another $kid), then SIGKILL it.
kill_child_of() {
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
	kill -KILL "$kid"
}

# ends_failed WHAT SECONDS RC OUT: $pid ends within SECONDS, exit RC, its
# OUT (out or err) saying the other side died.
ends_failed() {
	if ! t_await_end "$pid" "$2"; then
		kill -KILL "$pid"
		wait "$pid"
		fail "$1 still running $2 s after the process on the other side died"
	fi
	wait "$pid"
	local rc=$?
	[ "$rc" = "$3" ] || fail "$1 exited $rc, not $3, after the other side died: $(cat "$T_TMP/err")"
	grep -q "the process on the other side died" "$T_TMP/$4" ||
		fail "$1, the other side dead, said: $(cat "$T_TMP/out" "$T_TMP/err")"
}

# The round trips' echo process (the throughput run before them is short):
# its child once the round trips' rings exist (the throughput run's were
# reaped before, though the first pgrep may have seen one).
kill_child_of '[ -e "/dev/shm/sm.bench-rtt-$pid-resp" ] && kid=$(pgrep -P "$pid") && [ -n "$kid" ]' \
	"$SM_CLI" bench ring --count 2000000
ends_failed "bench ring's round trips" 15 1 err
[ -e "/dev/shm/sm.bench-rtt-$pid-req" ] && fail "bench ring left bench-rtt-$pid-req"
grep -q "round trip" "$T_TMP/out" && fail "bench ring printed round trips without its echo process"

# A POSIX queue's echo server (a queue cannot tell that the other side died:
# both hold it).  The server has a thread per caller; the core-to-core
# reading before the run forks a child with one.
kill_child_of '[ "$(ls "/proc/$kid/task" 2>/dev/null | wc -l)" -ge 2 ]' \
	"$SM_CLI" bench compare --workloads reqresp-64 --transports posix-mq --count 50000000
# (an alternative's failure is a row of the table, not the exit status)
ends_failed "bench compare over posix-mq" 15 0 out
exit 0
