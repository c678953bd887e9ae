# lib.sh — helpers for the CLI tests (sourced).  $SM_CLI is the sharedmem
# binary (set by tests/meson.build).  Exit 0 pass, 1 fail, 77 skip.
set -u
: "${SM_CLI:?SM_CLI must name the sharedmem binary}"
T_TAG=$(basename "$0" .sh)
T_PIDS=()
T_NAMES=()
T_TMP=$(mktemp -d)

# The interpreter `python3` names, resolved once: where python3 is a
# version manager's shim (pyenv's runs a shell script and `pyenv exec`)
# each call costs some 0.3 s, and these tests call it 150 times.  Run
# with -S (no site module): the checks use the standard library only, and
# an installation's site-packages can take its time (pyenv's 3.11, whose
# .pth files import certifi: 115 ms of CPU a call, 63 with -S).
T_PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
[ -x "$T_PY" ] && python3() { "$T_PY" -S "$@"; }

# A segment name unique to this test process; removed at exit (by pattern,
# since `x=$(t_name x)` runs in a subshell whose T_NAMES the exit trap never
# sees; $$ is still this shell's pid there).
t_name() {
	local n="t-cli-${T_TAG#test-}-$1-$$"
	T_NAMES+=("$n")
	echo "$n"
}

# t_ended PID: the process is gone or a zombie (exited, not yet waited for).
t_ended() {
	local state
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -z "$state" ] || [ "$state" = Z ]
}

# t_await_end PID SECONDS: wait up to SECONDS (whole) for the process to
# end; fails if it is still running then.
t_await_end() {
	local _
	for _ in $(seq $(($2 * 20))); do t_ended "$1" && return 0; sleep 0.05; done
	t_ended "$1"
}

t_cleanup() {
	local p n
	# SIGCONT first: a stopped process would keep its SIGTERM pending (and
	# one sent after the TERM could reach a process already in its exit
	# checks).
	for p in "${T_PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
	# Each gets 10 s to end (a sanitizer build's checks at exit take a
	# moment), then SIGKILL: once, an ASan build's holder spun for good
	# inside the leak check at its exit, and cleanup waited until the
	# test's timeout.
	for p in "${T_PIDS[@]}"; do
		t_await_end "$p" 10 || { echo "note: pid $p did not end on SIGTERM: killed" >&2; kill -9 "$p" 2>/dev/null; }
		wait "$p" 2>/dev/null
	done
	for n in "${T_NAMES[@]}"; do
		rm -f "/dev/shm/sm.$n" "/dev/shm/sm.$n.c2s" "/dev/shm/sm.$n.s2c"
	done
	rm -f "/dev/shm/sm.t-cli-${T_TAG#test-}-"*"-$$" "/dev/shm/sm.t-cli-${T_TAG#test-}-"*"-$$."*
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect RC CMD...: run CMD (output in $T_TMP/out and $T_TMP/err), check
# its exit status, and for errors that stderr says something.
expect() {
	local want=$1 rc
	shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "--- stdout:" >&2; cat "$T_TMP/out" >&2
		echo "--- stderr:" >&2; cat "$T_TMP/err" >&2
		fail "'$*' exited $rc, expected $want"
	fi
	if [ "$want" != 0 ] && ! [ -s "$T_TMP/err" ]; then
		fail "'$*' failed ($rc) without a message on stderr"
	fi
	if [ "$want" = 1 ] && [ "$(wc -l <"$T_TMP/err")" -gt 1 ]; then
		cat "$T_TMP/err" >&2
		fail "'$*': a runtime error should be one line on stderr"
	fi
	return 0
}

# out_has TEXT / err_has TEXT: the last expect's stdout/stderr contains TEXT.
out_has() { grep -qF -- "$1" "$T_TMP/out" || { cat "$T_TMP/out" >&2; fail "stdout lacks '$1'"; }; }
err_has() { grep -qF -- "$1" "$T_TMP/err" || { cat "$T_TMP/err" >&2; fail "stderr lacks '$1'"; }; }

# json_check PYTHON-EXPR: evaluate an assertion over the last stdout parsed
# as JSON (bound to `d`); fails with the expression if false.
json_check() {
	python3 - "$T_TMP/out" "$1" <<'PY' || fail "JSON check failed: $1"
import json, sys
d = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps(d, indent=1)[:3000], file=sys.stderr)
    sys.exit(1)
PY
}

# Start CMD in the background (killed at exit); returns at once.
bg() {
	"$@" >"$T_TMP/bg.$$.$RANDOM" 2>&1 &
	T_PIDS+=($!)
}

# bg_no_leak_check CMD...: bg, for one of many idle processes that only
# hold a mapping: in a sanitizer build its leak check at exit is skipped.
# Twenty of those checks at once, on a loaded 2-core machine, outlasted
# the 10 s each process gets to end, and the test's timeout.
bg_no_leak_check() {
	bg env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$@"
}

# Wait until segment NAME can be inspected (up to 5 s).
wait_for() {
	local i
	for i in $(seq 100); do
		"$SM_CLI" inspect "$1" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	fail "segment $1 did not appear"
}

# Wait until segment $1 is in use: there, and its creator done with it
# (wait_for also takes an initialising one; a channel is shown while its
# creator still makes its rings).
wait_ready() {
	local i
	for i in $(seq 100); do
		"$SM_CLI" inspect "$1" --json 2>/dev/null | grep -q '"status": "ok"' && return 0
		sleep 0.05
	done
	fail "segment $1 did not come into use"
}

# t_until SECONDS CMD...: run CMD every 50 ms until it succeeds, for
# SECONDS (up to one more); fails if it never did.  (A deadline, not a
# count of tries: each try of an inspect costs 0.1 s in a sanitizer build.)
t_until() {
	local end=$((SECONDS + $1 + 1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# t_live NAME EXPR: print EXPR, Python over `l`, the "live" object of
# `inspect NAME --json` (a ring's counters, a channel's statistics);
# nothing if NAME cannot be inspected.
t_live() {
	"$SM_CLI" --json inspect "$1" 2>/dev/null |
		python3 -c "import json, sys; l = json.load(sys.stdin)['live']; print($2)" 2>/dev/null
}

t_live_holds() { [ "$(t_live "$1" "bool($2)")" = True ]; }

# await_live NAME EXPR WHAT: wait (up to 10 s) until EXPR over segment
# NAME's live statistics (as t_live) holds, e.g. a ring's full_waits has
# grown: a put is in its wait for room.  Fails, saying WHAT did not come.
await_live() {
	t_until 10 t_live_holds "$1" "$2" ||
		fail "$3: not within 10 s ($2; $1's live statistics: $(t_live "$1" 'json.dumps(l)'))"
}

# t_blocked_in PID GLOB: process PID's main thread sleeps in the kernel in
# a function that matches GLOB (/proc/PID/wchan; "0" while it runs).
# Names vary with the kernel: *poll* for poll(), *nanosleep* for a sleep,
# do_wait for waitpid().
t_blocked_in() {
	local wchan
	wchan=$(cat "/proc/$1/wchan" 2>/dev/null) || return 1
	# shellcheck disable=SC2053 # GLOB is a pattern
	[[ $wchan == $2 ]]
}

# await_blocked PID GLOB WHAT: wait (up to 10 s) until t_blocked_in PID
# GLOB: the process has come to the wait the test is about, not still
# starting (a sanitizer build on a loaded machine takes a second or more).
# Fails, saying WHAT did not come (or that PID ended first).
await_blocked() {
	if ! t_wchan_shown; then
		echo "note: /proc/PID/wchan is hidden here: slept 1 s for: $3" >&2
		sleep 1
		return 0
	fi
	# Seen there once is enough: a wait in slices (rpc call's connect
	# wakes every 250 ms) runs between them, so a second look can miss it.
	t_until 10 t_blocked_in_or_ended "$1" "$2" ||
		fail "$3: not within 10 s (pid $1 is in '$(cat "/proc/$1/wchan" 2>/dev/null)', not '$2')"
	t_ended "$1" && fail "$3: it ended first"
	return 0
}

t_blocked_in_or_ended() { t_blocked_in "$1" "$2" || t_ended "$1"; }

# t_wchan_shown: the kernel shows /proc/PID/wchan (some hide it: "0" for
# all): a sleep's, once it sleeps (state S), names a function.  Found
# once per test.
t_wchan_shown() {
	if [ -z "${T_WCHAN_SHOWN-}" ]; then
		local nap _
		sleep 5 &
		nap=$!
		T_WCHAN_SHOWN=no
		for _ in $(seq 100); do
			[ "$(sed 's/.*) //' "/proc/$nap/stat" | cut -d' ' -f1)" = S ] || { sleep 0.01; continue; }
			[[ "$(cat "/proc/$nap/wchan" 2>/dev/null)" == @(0|) ]] || T_WCHAN_SHOWN=yes
			break
		done
		kill "$nap"
		wait "$nap" 2>/dev/null
	fi
	[ "$T_WCHAN_SHOWN" = yes ]
}

# Write raw bytes (printf format) as /dev/shm/sm.NAME.
plant() {
	printf "$2" >"/dev/shm/sm.$1"
}

# json_keys_in_help SUBCOMMAND...: every top-level key of the last stdout
# (JSON) is named, in quotes, by `sharedmem SUBCOMMAND... --help`.
json_keys_in_help() {
	"$SM_CLI" "$@" --help >"$T_TMP/help" || fail "'sharedmem $* --help' failed"
	python3 - "$T_TMP/out" "$T_TMP/help" <<'PY' || fail "'sharedmem $* --help' does not name every JSON field"
import json, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
missing = [k for k in d if '"%s"' % k not in text]
if missing:
    print("not in --help:", missing, file=sys.stderr)
    sys.exit(1)
PY
}

# start_waiting OUT ERR CMD...: run CMD in the background (killed at exit);
# its pid in $waiter.
start_waiting() {
	local out=$1 err=$2
	shift 2
	"$@" >"$out" 2>"$err" &
	waiter=$!
	T_PIDS+=("$waiter")
}

# ends_within_5s WHAT [ERR]: the waiter exits 1 within 5 s of now, saying
# one line; its stderr (ERR, default $T_TMP/w.err) is then in $T_TMP/err
# (for err_has).
ends_within_5s() {
	local rc=0 err=${2:-$T_TMP/w.err}
	if ! t_await_end "$waiter" 5; then
		kill -9 "$waiter"
		fail "$1 still runs 5 s after what it waited on was gone"
	fi
	wait "$waiter" || rc=$?
	cp "$err" "$T_TMP/err"
	[ "$rc" = 1 ] || { cat "$T_TMP/err" >&2; fail "$1: exit $rc, not 1"; }
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat "$T_TMP/err" >&2; fail "$1 said more than one line"; }
}

# t_patch NAME OFFSET BYTES: write BYTES (escapes as '\x7f') over segment
# NAME's file at OFFSET, in place: a damaged, foreign or unpublished header.
t_patch() {
	printf '%b' "$3" | dd of="/dev/shm/sm.$1" bs=1 seek="$2" conv=notrunc status=none
}

# A shell test of a child $kid of bench command $pid: it is a ZeroMQ
# process, holding libzmq's epoll.  (A count of its threads also took the
# core-to-core reading's child under TSan, which adds a thread of its own.)
zmq_process='ls -l "/proc/$kid/fd" 2>/dev/null | grep -q "anon_inode:\[eventpoll\]"'

# t_preload SHIM: the LD_PRELOAD value that loads test shim SHIM (an ASan
# build's runtime must come first among the preloaded libraries).
t_preload() {
	local asan
	asan=$(ldd "$SM_CLI" 2>/dev/null | awk '/libasan/ { print $3 }')
	echo "${asan:+$asan:}$1"
}

# bench_ends PID SECONDS MESSAGE: the bench command PID (a child of this
# shell) ends within SECONDS, its exit status then in $rc; else it is
# killed with its children, the segments named after it are removed, and
# the test fails with MESSAGE.
bench_ends() {
	if ! t_await_end "$1" "$2"; then
		kill -KILL $(pgrep -P "$1") "$1" 2>/dev/null
		wait "$1"
		rm -f "/dev/shm/sm.bench-$1" "/dev/shm/sm.bench-rtt-$1-req" "/dev/shm/sm.bench-rtt-$1-resp" \
			"/dev/shm/sm.bench-rpc-$1" "/dev/shm/sm.bench-rpc-$1".*
		fail "$3"
	fi
	wait "$1"
	rc=$?
}
