#!/usr/bin/env bash
# ring put / ring get round trips, the ring's live state in inspect, and
# their errors (empty, full, too large, wrong kind); ring recover after a
# producer process is SIGKILLed mid-write.
. "$(dirname "$0")/lib.sh"

q=$(t_name q)
bg "$SM_CLI" create ring "$q" --nodes 4 --node-size 64 --hold
wait_for "$q"

expect 0 "$SM_CLI" ring put "$q" --data hello
expect 0 "$SM_CLI" ring get "$q"
[ "$(cat "$T_TMP/out")" = hello ] || fail "got '$(cat "$T_TMP/out")', expected hello"

# stdin as one message, byte for byte (binary included).
head -c 64 /dev/urandom >"$T_TMP/blob"
"$SM_CLI" ring put "$q" <"$T_TMP/blob" || fail "put from stdin"
"$SM_CLI" ring get "$q" --timeout 1000 >"$T_TMP/back" || fail "get of the blob"
cmp -s "$T_TMP/blob" "$T_TMP/back" || fail "the blob came back different"

# One message per line, several --data, --json both ways.
printf 'one\ntwo\nthree\n' | "$SM_CLI" ring put "$q" --lines || fail "put --lines"
expect 0 "$SM_CLI" ring get "$q" --count 3 --lines
[ "$(cat "$T_TMP/out")" = "$(printf 'one\ntwo\nthree')" ] || fail "lines came back as '$(cat "$T_TMP/out")'"
expect 0 "$SM_CLI" ring put --json "$q" --data a --data bb
json_check "d == {'messages': 2, 'bytes': 3}"
json_keys_in_help ring put

# Live state while two messages wait.
expect 0 "$SM_CLI" inspect --json "$q"
json_check "d['segment']['kind'] == 'ring' and d['live']['node_count'] == 4 and d['live']['node_size'] == 64"
json_check "d['live']['occupancy'] == 2 and d['live']['node_states']['ready'] == 2"
json_check "d['live']['counters']['messages_written'] == 7 and d['live']['counters']['messages_read'] == 5"
json_check "d['live']['positions']['write_committed'] - d['live']['positions']['read_released'] == 2"
json_check "any(f['name'].startswith('ring.') for f in d['fields'])"
expect 0 "$SM_CLI" inspect "$q"
out_has "occupancy"
out_has "Node states:"

expect 0 "$SM_CLI" ring get --json --all "$q"
json_check "d['count'] == 2 and [m['data'] for m in d['messages']] == ['a', 'bb']"
json_keys_in_help ring get

# Empty: --all is fine with nothing, a get with a timeout is an error.
expect 0 "$SM_CLI" ring get --all "$q"
[ -s "$T_TMP/out" ] && fail "--all on an empty ring printed something"
expect 1 "$SM_CLI" ring get "$q" --timeout 0
err_has "segment '$q'"
err_has "timed out"

# Too large: an error, never cut.
expect 1 "$SM_CLI" ring put "$q" --data "$(printf 'x%.0s' $(seq 65))"
err_has "larger than the ring's node size (64 bytes)"
head -c 100 /dev/zero >"$T_TMP/big"
"$SM_CLI" ring put "$q" <"$T_TMP/big" 2>"$T_TMP/err" && fail "a 100-byte stdin message was accepted"
err_has "a message of 100 bytes is larger than the ring's node size (64 bytes)"

# Full: four nodes hold four messages, the fifth times out; the error is
# one line, and says how many went in.
expect 1 "$SM_CLI" ring put "$q" --data 1 --data 2 --data 3 --data 4 --data 5 --timeout 0
err_has "sharedmem ring put: segment '$q': write: timed out after 4 of 5 messages went into the ring"
[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat "$T_TMP/err" >&2; fail "a partial put said more than one line"; }
expect 1 "$SM_CLI" ring put "$q" --data 5 --timeout 0
err_has "timed out"
grep -q "went into" "$T_TMP/err" && fail "a put that wrote nothing counted what went in"
printf '6\n7\n' | "$SM_CLI" ring put "$q" --lines --timeout 0 2>"$T_TMP/err" && fail "a put into a full ring succeeded"
[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat "$T_TMP/err" >&2; fail "a failed --lines put said more than one line"; }
expect 0 "$SM_CLI" ring get "$q" --count 4
[ "$(cat "$T_TMP/out")" = 1234 ] || fail "order: got '$(cat "$T_TMP/out")'"

# A producer killed mid-write: recover marks its node abandoned at once
# (and leaves it alone while the producer lives); readers then get past it.
mkfifo "$T_TMP/dying"
"$SM_CLI" traffic produce "$q" --die-mid-write >"$T_TMP/dying" 2>/dev/null &
dying=$!
T_PIDS+=($dying)
read -r reserved <"$T_TMP/dying"
case $reserved in '{"reserved":'*) ;; *) fail "the dying producer said '$reserved'" ;; esac
expect 0 "$SM_CLI" ring recover --json "$q"
json_check "d == {'reclaimed': 0, 'abandoned': 0, 'lost': 0}"
json_keys_in_help ring recover
kill -KILL $dying
wait $dying 2>/dev/null
expect 0 "$SM_CLI" inspect --json "$q"
json_check "d['live']['node_states']['writing'] == 1"
expect 0 "$SM_CLI" ring recover --json "$q"
json_check "d == {'reclaimed': 1, 'abandoned': 1, 'lost': 0}"
expect 0 "$SM_CLI" inspect --json "$q"
json_check "d['live']['node_states']['abandoned'] == 1 and d['live']['node_states']['writing'] == 0"
expect 0 "$SM_CLI" ring recover "$q"
out_has "0 nodes reclaimed (the ring's totals: 1 abandoned, 0 lost)"
expect 0 "$SM_CLI" ring put "$q" --data after
expect 0 "$SM_CLI" ring get "$q" --timeout 0
[ "$(cat "$T_TMP/out")" = after ] || fail "after the abandoned node: got '$(cat "$T_TMP/out")'"
expect 2 "$SM_CLI" ring recover
expect 1 "$SM_CLI" ring recover "$(t_name missing)"

# Wrong kind.
b=$(t_name buf)
bg "$SM_CLI" create buffer "$b" --size 1K --hold
wait_for "$b"
expect 1 "$SM_CLI" ring put "$b" --data x
err_has "another kind (it is a buffer)"
expect 1 "$SM_CLI" ring get "$b"
err_has "another kind"
expect 1 "$SM_CLI" ring recover "$b"
err_has "another kind"
# An interrupted get (waiting, no timeout) ends its JSON, says how far it
# got and exits 1; the ring's wait alone would not end at the signal.
ir=$(t_name interrupted)
expect 0 "$SM_CLI" create ring "$ir" --nodes 4 --node-size 64
expect 0 "$SM_CLI" ring put "$ir" --data one
"$SM_CLI" --json ring get "$ir" --count 3 >"$T_TMP/int.out" 2>"$T_TMP/int.err" &
pid=$!
T_PIDS+=("$pid")
# The one message read, it waits for the next.
await_live "$ir" "l['counters']['empty_waits'] > 0" "ring get --count 3 of a ring with one message never waited"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" = 1 ] || fail "interrupted ring get: exit $rc, not 1"
grep -qF "segment '$ir': interrupted after 1 of 3 messages" "$T_TMP/int.err" ||
	fail "interrupted ring get said: $(cat "$T_TMP/int.err")"
cp "$T_TMP/int.out" "$T_TMP/out"
json_check "d['count'] == 1 and d['messages'][0]['data'] == 'one'"
# --all takes the messages there are when it starts, then stops: producers
# that keep the ring full do not keep it reading for good (it read on
# while a message was there, and SIGTERM only set a flag nobody read).
busy=$(t_name busy)
expect 0 "$SM_CLI" create ring "$busy" --nodes 64 --node-size 64
for id in 1 2 3; do bg "$SM_CLI" traffic produce "$busy" --id "$id"; done
await_live "$busy" "l['occupancy'] == 64" "three producers never filled $busy"
"$SM_CLI" --json ring get "$busy" --all >"$T_TMP/busy.out" 2>"$T_TMP/busy.err" &
pid=$!
T_PIDS+=("$pid")
if ! t_await_end "$pid" 3; then
	kill -TERM "$pid"
	t_await_end "$pid" 2 || { kill -9 "$pid"; fail "ring get --all under steady producers ignored SIGTERM"; }
	fail "ring get --all under steady producers still read after 3 s"
fi
wait "$pid" || fail "ring get --all under steady producers: $(cat "$T_TMP/busy.err")"
cp "$T_TMP/busy.out" "$T_TMP/out"
json_check "1 <= d['count'] <= 64"
# A get that times out part way says how many it read (as put says how
# many went in): its output alone does not tell.
part=$(t_name part)
expect 0 "$SM_CLI" create ring "$part" --nodes 4 --node-size 64
expect 0 "$SM_CLI" ring put "$part" --data one
expect 1 "$SM_CLI" ring get "$part" --count 3 --timeout 100
err_has "segment '$part': read: timed out after 1 of 3 messages"
[ "$(cat "$T_TMP/out")" = one ] || fail "the message read before the timeout: '$(cat "$T_TMP/out")'"
exit 0
