#!/usr/bin/env bash
# A ring's owner that closes normally shuts the ring down and then removes
# its name.  A ring get or traffic consume that finds the name gone must
# not take that close for a removal ("the ring was removed", exit 1), even
# when the close falls between its look at the shutdown flag and its stat
# of the name: the consumer ends as at any close (exit 0, final line), the
# get as it always did ("the segment's owner has closed it").  The window
# is held open by a shim ($1, LD_PRELOAD) that stops the process inside
# its first lstat() of a /dev/shm name until the test says go.
. "$(dirname "$0")/lib.sh"
shim=${1:?usage: test-ring-gone-close.sh LSTAT-HOLD-SHIM}
[ -f "$shim" ] || fail "no shim $shim"
preload=$(t_preload "$shim")

# held_ring NAME: a 4-node ring held by a live `create --hold` (so no gc
# elsewhere takes it); its pid in $owner.
held_ring() {
	bg "$SM_CLI" create ring "$1" --nodes 4 --node-size 64 --hold
	owner=${T_PIDS[-1]}
	wait_for "$1"
}

# close_in_window NAME CMD...: run CMD on ring NAME with the shim, wait
# until it is held in its stat of the name (after a wait that timed out),
# close the ring's owner normally, then let the stat go on.  CMD's exit
# status in $rc, its output in $T_TMP/w.out and $T_TMP/w.err.
close_in_window() {
	local name=$1 hold=$T_TMP/hold.$1 i
	shift
	mkdir -p "$hold"
	SM_TEST_HOLD_DIR=$hold LD_PRELOAD=$preload "$@" >"$T_TMP/w.out" 2>"$T_TMP/w.err" &
	waiter=$!
	T_PIDS+=("$waiter")
	for i in $(seq 250); do [ -e "$hold/held" ] && break; sleep 0.02; done
	[ -e "$hold/held" ] || fail "'$*' never looked at its ring's name"
	kill -TERM "$owner"
	wait "$owner"
	[ -e "/dev/shm/sm.$name" ] && fail "the owner's close left the name"
	touch "$hold/go"
	rc=0
	wait "$waiter" || rc=$?
}

c=$(t_name consume)
held_ring "$c"
close_in_window "$c" "$SM_CLI" traffic consume "$c"
grep -q "removed\|replaced" "$T_TMP/w.err" && fail "a normal close was called a removal: $(cat "$T_TMP/w.err")"
[ "$rc" = 0 ] || fail "traffic consume of a ring closed by its owner exited $rc: $(cat "$T_TMP/w.err")"
grep -q '"final":true' "$T_TMP/w.out" || fail "traffic consume did not print its final line"

g=$(t_name get)
held_ring "$g"
close_in_window "$g" "$SM_CLI" ring get "$g" --count 2
grep -q "removed\|replaced" "$T_TMP/w.err" && fail "a normal close was called a removal: $(cat "$T_TMP/w.err")"
[ "$rc" = 1 ] || fail "ring get of a ring closed by its owner exited $rc"
grep -qF "segment '$g': read: the segment's owner has closed it" "$T_TMP/w.err" ||
	fail "ring get said: $(cat "$T_TMP/w.err")"
exit 0
