#!/usr/bin/env bash
# A ring get (or put) waiting on a ring whose name is removed, or taken by
# another segment, stops: nothing could ever arrive there (or leave).  It
# says so on one line, with how many messages it read (or wrote), ends its
# output and exits 1 within a slice or two.  A ring whose owner closes it
# normally is still drained and ends as before.
. "$(dirname "$0")/lib.sh"

# start_waiting OUT ERR CMD...: run CMD in the background (killed at exit);
# its pid in $waiter.
start_waiting() {
	local out=$1 err=$2
	shift 2
	"$@" >"$out" 2>"$err" &
	waiter=$!
	T_PIDS+=("$waiter")
}

# ends_within_5s NAME: the waiter exits 1 within 5 s of now; its stderr is
# then in $T_TMP/err (for err_has).
ends_within_5s() {
	local i rc=0
	for i in $(seq 100); do
		kill -0 "$waiter" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$waiter" 2>/dev/null; then
		kill -9 "$waiter"
		fail "$1 still waits 5 s after its ring was gone"
	fi
	wait "$waiter" || rc=$?
	cp "$T_TMP/w.err" "$T_TMP/err"
	[ "$rc" = 1 ] || { cat "$T_TMP/err" >&2; fail "$1: exit $rc, not 1"; }
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat "$T_TMP/err" >&2; fail "$1 said more than one line"; }
}

# The owner SIGKILLed, the name removed: the get has read one of three.
q=$(t_name killed)
bg "$SM_CLI" create ring "$q" --nodes 4 --node-size 64 --hold
owner=${T_PIDS[-1]}
wait_for "$q"
expect 0 "$SM_CLI" ring put "$q" --data one
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" --json ring get "$q" --count 3
for _ in $(seq 100); do [ -s "$T_TMP/w.out" ] && break; sleep 0.02; done
kill -9 "$owner"
wait "$owner" 2>/dev/null
sleep 0.3 # past a slice or two: still waiting, the name still there
kill -0 "$waiter" 2>/dev/null || fail "ring get stopped while its ring was still named"
expect 0 "$SM_CLI" rm --force "$q"
ends_within_5s "ring get"
err_has "sharedmem ring get: segment '$q': the ring was removed after 1 of 3 messages"
cp "$T_TMP/w.out" "$T_TMP/out"
json_check "d['count'] == 1 and d['messages'][0]['data'] == 'one'"

# Replaced: another ring takes the name at once (a rename over it), while
# a get with a long timeout waits.
r=$(t_name replaced)
other=$(t_name other)
expect 0 "$SM_CLI" create ring "$r" --nodes 4 --node-size 64
expect 0 "$SM_CLI" create ring "$other" --nodes 4 --node-size 64
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring get "$r" --timeout 60000
sleep 0.3
mv "/dev/shm/sm.$other" "/dev/shm/sm.$r" || fail "could not rename a ring over another"
ends_within_5s "ring get --timeout 60000"
err_has "segment '$r': the ring was replaced by another segment after 0 of 1 messages"
[ -s "$T_TMP/w.out" ] && fail "a get that read nothing printed something"
# The new ring under the name is the one the next get sees.
expect 0 "$SM_CLI" ring put "$r" --data new
expect 0 "$SM_CLI" ring get "$r" --timeout 1000
[ "$(cat "$T_TMP/out")" = new ] || fail "got '$(cat "$T_TMP/out")' from the new ring"

# A put waiting for room in a full ring: the same.
f=$(t_name full)
expect 0 "$SM_CLI" create ring "$f" --nodes 4 --node-size 64
expect 0 "$SM_CLI" ring put "$f" --data 1 --data 2 --data 3 --data 4
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring put "$f" --data 5 --data 6
sleep 0.3
kill -0 "$waiter" 2>/dev/null || fail "ring put into a full ring did not wait"
expect 0 "$SM_CLI" rm "$f"
ends_within_5s "ring put"
err_has "sharedmem ring put: segment '$f': the ring was removed"
grep -q "went into" "$T_TMP/err" && fail "a put that wrote nothing counted what went in"

# An owner that closes normally removes the name too, but shuts the ring
# down first: the get drains it and ends as it always did, not "removed".
c=$(t_name closed)
bg "$SM_CLI" create ring "$c" --nodes 4 --node-size 64 --hold
owner=${T_PIDS[-1]}
wait_for "$c"
expect 0 "$SM_CLI" ring put "$c" --data last
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring get "$c" --count 2
sleep 0.3
kill -TERM "$owner"
ends_within_5s "ring get of a ring shut down"
grep -q "removed\|replaced" "$T_TMP/err" && fail "a ring shut down was called gone: $(cat "$T_TMP/err")"
[ "$(cat "$T_TMP/w.out")" = last ] || fail "the get of a ring shut down printed '$(cat "$T_TMP/w.out")'"
exit 0
