#!/usr/bin/env bash
# inspect reads a segment's header (its stat of the name), then its live
# state through the kind's own open of the name.  A segment removed and
# made again under the name between the two must not be shown as one: the
# old header over the new one's live state.  inspect fails then, prints
# no picture, and says to run it again.  The window is held open by a shim
# ($1, LD_PRELOAD) that stops inspect in its second open() of a /dev/shm
# name.
. "$(dirname "$0")/lib.sh"
shim=${1:?usage: test-inspect-replaced.sh HOLD-SHIM}
[ -f "$shim" ] || fail "no shim $shim"
preload=$(t_preload "$shim")
r=$(t_name ring)
hold=$T_TMP/hold
mkdir "$hold"

expect 0 "$SM_CLI" create ring "$r" --nodes 4 --node-size 64
# Undisturbed, the shim's hold changes nothing.
touch "$hold/go"
SM_TEST_HOLD_OPEN_DIR=$hold LD_PRELOAD=$preload expect 0 "$SM_CLI" inspect "$r"
[ -e "$hold/held" ] || fail "inspect was never held in its open of the live state"
out_has "nodes"

# replaced_in_window NODES INSPECT-ARGS...: run inspect with the shim,
# wait until it is held in its open of the live state, replace the ring by
# one of NODES nodes (another shape: a picture of both would be wrong to
# the eye), then let it go on.  Its exit status in $rc.
replaced_in_window() {
	local nodes=$1 inspector
	shift
	rm -f "$hold/held" "$hold/go"
	SM_TEST_HOLD_OPEN_DIR=$hold LD_PRELOAD=$preload "$SM_CLI" "$@" >"$T_TMP/w.out" 2>"$T_TMP/w.err" &
	inspector=$!
	T_PIDS+=("$inspector")
	for _ in $(seq 250); do [ -e "$hold/held" ] && break; sleep 0.02; done
	[ -e "$hold/held" ] || fail "'$*' never opened the live state"
	expect 0 "$SM_CLI" rm "$r"
	expect 0 "$SM_CLI" create ring "$r" --nodes "$nodes" --node-size 256
	touch "$hold/go"
	rc=0
	wait "$inspector" || rc=$?
}

replaced_in_window 64 inspect "$r"
[ "$rc" = 1 ] || fail "inspect of a segment replaced while it was read exited $rc: $(cat "$T_TMP/w.out" "$T_TMP/w.err")"
grep -q "was removed or replaced while it was read" "$T_TMP/w.err" ||
	fail "inspect said: $(cat "$T_TMP/w.err")"
[ -s "$T_TMP/w.out" ] && fail "inspect printed a picture of two segments: $(cat "$T_TMP/w.out")"

# Under --watch, the refresh that spans the replacement is not printed
# (it was: the old ring's header over the new one's live state, told apart
# only by a note on stderr, which a JSON consumer never sees): inspect
# reads the segment again at once, and every line shows one segment, the
# one now there: its header's nodes and its live node count agree.
replaced_in_window 16 --json inspect "$r" --watch --count 2
[ "$rc" = 0 ] || fail "inspect --watch across a replaced segment exited $rc: $(cat "$T_TMP/w.err" "$T_TMP/w.out")"
grep -q "was removed or replaced while it was read: reading it again" "$T_TMP/w.err" ||
	fail "inspect --watch said: $(cat "$T_TMP/w.err")"
[ "$(wc -l <"$T_TMP/w.out")" = 2 ] || fail "inspect --watch --count 2 printed: $(cat "$T_TMP/w.out")"
for line in 1 2; do
	sed -n "${line}p" "$T_TMP/w.out" >"$T_TMP/out"
	json_check "d['live']['node_count'] == 16 and \
		[f['raw'] for f in d['fields'] if f['name'] == 'ring.node_count'] == [16]"
done
# Without --json the same: no picture of two segments on the screen.
replaced_in_window 32 inspect "$r" --watch --count 1
[ "$rc" = 0 ] || fail "inspect --watch (text) across a replaced segment exited $rc: $(cat "$T_TMP/w.err")"
grep -Eq "ring\.node_count +16$" "$T_TMP/w.out" &&
	fail "inspect --watch printed the replaced ring's header: $(cat "$T_TMP/w.out")"
grep -Eq "ring\.node_count +32$" "$T_TMP/w.out" || fail "inspect --watch printed: $(cat "$T_TMP/w.out")"

# After it, inspect shows the new segment whole.
expect 0 "$SM_CLI" --json inspect "$r"
json_check "d['segment']['kind'] == 'ring'"
expect 0 "$SM_CLI" rm "$r"
exit 0
