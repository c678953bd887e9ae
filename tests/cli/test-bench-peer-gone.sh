#!/usr/bin/env bash
# bench ring's round trips end with a message when the process on the
# other side dies, instead of waiting on it (the run is long: it would
# still be going).
. "$(dirname "$0")/lib.sh"

# kill_child_of FILE CMD...: run CMD in the background ($pid, output in
# $T_TMP/out and err) until FILE (evaluated: it may name $pid) and a child
# of it exist (at most 30 s), then SIGKILL that child.  (Its children are
# listed once FILE is there: those of a step before may still be listed
# just before.)
kill_child_of() {
	local file=$1 kid= _
	shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err" &
	pid=$!
	T_PIDS+=("$pid")
	for _ in $(seq 600); do
		[ -e "$(eval "echo $file")" ] && kid=$(pgrep -P "$pid") && [ -n "$kid" ] && break
		t_ended "$pid" && break
		sleep 0.05
	done
	[ -n "$kid" ] || fail "'$*': no $file and child ($(cat "$T_TMP/err"))"
	kill -KILL "$kid"
}

# ends_failed WHAT SECONDS: $pid ends within SECONDS, exit 1, saying the
# other side died.
ends_failed() {
	if ! t_await_end "$pid" "$2"; then
		kill -KILL "$pid"
		wait "$pid"
		fail "$1 still running $2 s after the process on the other side died"
	fi
	wait "$pid"
	local rc=$?
	[ "$rc" = 1 ] || fail "$1 exited $rc, not 1, after the other side died: $(cat "$T_TMP/err")"
	grep -q "the process on the other side died" "$T_TMP/err" ||
		fail "$1, the other side dead, said: $(cat "$T_TMP/err")"
}

# The round trips' echo process (the throughput run before them is short).
kill_child_of '/dev/shm/sm.bench-rtt-$pid-resp' "$SM_CLI" bench ring --count 2000000
ends_failed "bench ring's round trips" 15
[ -e "/dev/shm/sm.bench-rtt-$pid-req" ] && fail "bench ring left bench-rtt-$pid-req"
grep -q "round trip" "$T_TMP/out" && fail "bench ring printed round trips without its echo process"
exit 0
