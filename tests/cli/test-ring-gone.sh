#!/usr/bin/env bash
# A ring get (or put) waiting on a ring whose name is removed, or taken by
# another segment, stops: nothing could ever arrive there (or leave).  It
# says so on one line, with how many messages it read (or wrote), ends its
# output and exits 1 within a slice or two.  A ring whose owner closes it
# normally is still drained and ends as before.
. "$(dirname "$0")/lib.sh"

# held_ring NAME: a 4-node ring whose creator holds it open, so that no gc
# elsewhere on the machine (another test's) takes it as stale meanwhile.
held_ring() {
	bg "$SM_CLI" create ring "$1" --nodes 4 --node-size 64 --hold
	wait_for "$1"
}

# waiting NAME SIDE WHAT: wait until ring NAME's SIDE_waits counter
# (empty: for a message, full: for room) has counted a wait: a get or a
# consumer (a put, a producer) has come to its wait, not still starting.
waiting() {
	await_live "$1" "l['counters']['$2_waits'] > 0" "$3 never waited"
}

# The owner SIGKILLed, the name removed: the get has read one of three.
q=$(t_name killed)
bg "$SM_CLI" create ring "$q" --nodes 4 --node-size 64 --hold
owner=${T_PIDS[-1]}
wait_for "$q"
expect 0 "$SM_CLI" ring put "$q" --data one
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" --json ring get "$q" --count 3
waiting "$q" empty "ring get --count 3 of a ring with one message"
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
held_ring "$r"
held_ring "$other"
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring get "$r" --timeout 60000
waiting "$r" empty "ring get --timeout 60000"
mv "/dev/shm/sm.$other" "/dev/shm/sm.$r" || fail "could not rename a ring over another"
ends_within_5s "ring get --timeout 60000"
err_has "segment '$r': the ring was replaced by another segment after 0 of 1 message"
grep -q "after 0 of 1 message$" "$T_TMP/err" || fail "one message, said in the plural: $(cat "$T_TMP/err")"
[ -s "$T_TMP/w.out" ] && fail "a get that read nothing printed something"
# The new ring under the name is the one the next get sees.
expect 0 "$SM_CLI" ring put "$r" --data new
expect 0 "$SM_CLI" ring get "$r" --timeout 1000
[ "$(cat "$T_TMP/out")" = new ] || fail "got '$(cat "$T_TMP/out")' from the new ring"

# A put waiting for room in a full ring: the same.
f=$(t_name full)
held_ring "$f"
expect 0 "$SM_CLI" ring put "$f" --data 1 --data 2 --data 3 --data 4
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring put "$f" --data 5 --data 6
waiting "$f" full "ring put into a full ring"
kill -0 "$waiter" 2>/dev/null || fail "ring put into a full ring did not wait"
expect 0 "$SM_CLI" rm "$f"
ends_within_5s "ring put"
err_has "sharedmem ring put: segment '$f': the ring was removed"
grep -q "went into" "$T_TMP/err" && fail "a put that wrote nothing counted what went in"

# The traffic generator's children too: a consumer waiting on an empty
# ring and a producer waiting on a full one stop, printing their totals.
t=$(t_name traffic)
held_ring "$t"
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" traffic consume "$t"
consumer=$waiter
waiting "$t" empty "traffic consume of an empty ring"
kill -STOP "$consumer" # so the producer fills the ring and waits
start_waiting "$T_TMP/p.out" "$T_TMP/p.err" "$SM_CLI" traffic produce "$t" --count 10 --size 32
waiting "$t" full "traffic produce into a full ring"
kill -0 "$waiter" 2>/dev/null || fail "traffic produce into a full ring did not wait"
expect 0 "$SM_CLI" rm "$t"
ends_within_5s "traffic produce" "$T_TMP/p.err"
err_has "sharedmem traffic produce: segment '$t': the ring was removed after"
grep -q '"sent":' "$T_TMP/p.out" || fail "traffic produce did not print its total"
waiter=$consumer
kill -CONT "$consumer"
ends_within_5s "traffic consume"
err_has "sharedmem traffic consume: segment '$t': the ring was removed after"
grep -q '"final":true' "$T_TMP/w.out" || fail "traffic consume did not print its final line"
# One message is one message (it said "after 1 messages").
t1=$(t_name traffic1)
held_ring "$t1"
"$SM_CLI" traffic produce "$t1" --count 1 >/dev/null || fail "traffic produce --count 1"
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" traffic consume "$t1"
waiting "$t1" empty "traffic consume of a ring with one message"
expect 0 "$SM_CLI" rm "$t1"
ends_within_5s "traffic consume"
grep -q "segment '$t1': the ring was removed after 1 message$" "$T_TMP/err" ||
	fail "traffic consume after one message: $(cat "$T_TMP/err")"

# An owner that closes normally removes the name too, but shuts the ring
# down first: the get drains it and ends as it always did, not "removed".
c=$(t_name closed)
bg "$SM_CLI" create ring "$c" --nodes 4 --node-size 64 --hold
owner=${T_PIDS[-1]}
wait_for "$c"
expect 0 "$SM_CLI" ring put "$c" --data last
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring get "$c" --count 2
waiting "$c" empty "ring get --count 2 of a ring with one message"
kill -TERM "$owner"
ends_within_5s "ring get of a ring shut down"
grep -q "removed\|replaced" "$T_TMP/err" && fail "a ring shut down was called gone: $(cat "$T_TMP/err")"
[ "$(cat "$T_TMP/w.out")" = last ] || fail "the get of a ring shut down printed '$(cat "$T_TMP/w.out")'"
exit 0
