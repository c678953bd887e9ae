#!/usr/bin/env bash
# traffic produce / consume: stamped messages verified end to end (nothing
# lost, duplicated or corrupted), progress lines as JSON, two producers
# into one consumer, the mid-write death used by the teaching mode, and
# bad input.
. "$(dirname "$0")/lib.sh"

q=$(t_name q)
bg "$SM_CLI" create ring "$q" --nodes 16 --node-size 128 --hold
wait_for "$q"

# 2 producers x 500 messages, one consumer counting gaps (--sole).
"$SM_CLI" traffic produce "$q" --id 1 --size 100 --count 500 >"$T_TMP/p1" &
p1=$!
"$SM_CLI" traffic produce "$q" --id 2 --size 64 --count 500 --rate 20000 >"$T_TMP/p2" &
p2=$!
expect 0 "$SM_CLI" traffic consume "$q" --sole --count 1000
wait $p1 || fail "producer 1 failed"
wait $p2 || fail "producer 2 failed"
tail -n 1 "$T_TMP/out" >"$T_TMP/last"
cp "$T_TMP/last" "$T_TMP/out"
json_check "d == {'received': 1000, 'lost': 0, 'duplicated': 0, 'reordered': 0, 'corrupted': 0, 'bytes': 500 * 100 + 500 * 64, 'final': True, 'tallies': [[1, 500, 499 * 500 // 2, 500], [2, 500, 499 * 500 // 2, 500]]}"
cp "$T_TMP/p1" "$T_TMP/out"
json_check "d == {'producer': 1, 'sent': 500}"

# --rate R: the first message goes at once, message i after i/R s (a
# second's wait for one message was the old pacing).  Set against the same
# message unpaced, just before (a loaded machine slows both): no more
# than 0.6 s beyond its time.
ms() { echo $(( $(date +%s%N) / 1000000 )); }
start=$(ms)
"$SM_CLI" traffic produce "$q" --id 4 --count 1 >/dev/null || fail "producer 4, unpaced"
unpaced=$(( $(ms) - start ))
"$SM_CLI" ring get "$q" --count 1 >/dev/null || fail "ring get of producer 4's first message"
start=$(ms)
"$SM_CLI" traffic produce "$q" --id 4 --count 1 --rate 1 >/dev/null || fail "producer 4"
paced=$(( $(ms) - start ))
[ "$paced" -lt $(( unpaced + 600 )) ] ||
	fail "--rate 1 held back the first message: $paced ms (unpaced: $unpaced ms)"
"$SM_CLI" ring get "$q" --count 1 >/dev/null || fail "ring get of producer 4's message"

# A consumer joining mid-stream counts no gap before the first message it
# sees from each producer.
"$SM_CLI" traffic produce "$q" --id 3 --count 12 >/dev/null || fail "producer 3"
"$SM_CLI" ring get "$q" --count 5 >/dev/null || fail "ring get"
expect 0 "$SM_CLI" traffic consume "$q" --sole --count 7
tail -n 1 "$T_TMP/out" >"$T_TMP/last"
cp "$T_TMP/last" "$T_TMP/out"
json_check "d['received'] == 7 and d['lost'] == 0 and d['corrupted'] == 0"

# A message that is not stamped is counted corrupted, not a crash.
"$SM_CLI" ring put "$q" --data "not a stamped message at all" || fail "ring put"
expect 0 "$SM_CLI" traffic consume "$q" --count 1
tail -n 1 "$T_TMP/out" >"$T_TMP/last"
cp "$T_TMP/last" "$T_TMP/out"
json_check "d['received'] == 0 and d['corrupted'] == 1"

# --die-mid-write reserves a node, says where, and waits to be killed.
"$SM_CLI" traffic produce "$q" --die-mid-write >"$T_TMP/die" &
dier=$!
for i in $(seq 100); do [ -s "$T_TMP/die" ] && break; sleep 0.05; done
cp "$T_TMP/die" "$T_TMP/out"
json_check "'reserved' in d and d['pid'] == $dier"
kill -KILL $dier
wait $dier 2>/dev/null
"$SM_CLI" traffic produce "$q" --id 4 --count 3 >/dev/null || fail "producer 4 after the death"
expect 0 "$SM_CLI" traffic consume "$q" --sole --count 3
tail -n 1 "$T_TMP/out" >"$T_TMP/last"
cp "$T_TMP/last" "$T_TMP/out"
json_check "d['received'] == 3 and d['lost'] == 0"
expect 0 "$SM_CLI" inspect --json "$q"
json_check "d['live']['counters']['abandoned'] == 1"

# Bad input.
expect 2 "$SM_CLI" traffic produce "$q" --size 8
err_has "at least"
expect 2 "$SM_CLI" traffic produce "$q" --size 4096
err_has "a message of 4096 bytes is larger than the ring's node size (128 bytes)"
expect 2 "$SM_CLI" traffic produce "$q" --id 70000
# --count 0 is an error, not "no limit" (it ran until interrupted).
expect 2 timeout 5 "$SM_CLI" traffic produce "$q" --count 0
err_has "out of range"
expect 2 timeout 5 "$SM_CLI" traffic consume "$q" --count 0
expect 2 "$SM_CLI" traffic consume
expect 2 "$SM_CLI" traffic nosuch "$q"
expect 1 "$SM_CLI" traffic consume "t-cli-traffic-absent-$$"
expect 0 "$SM_CLI" traffic produce --help
out_has "--die-mid-write"
# A full ring: the node it would hold never comes (2 s); the error names
# the ring as every other does.
full=$(t_name full)
expect 0 "$SM_CLI" create ring "$full" --nodes 2 --node-size 64
expect 0 "$SM_CLI" ring put "$full" --data 1 --data 2
expect 1 "$SM_CLI" traffic produce "$full" --die-mid-write
err_has "segment '$full': reserve: timed out"
# Without --size, produce fits the default (64) to smaller nodes.
small=$(t_name small)
expect 0 "$SM_CLI" create ring "$small" --nodes 4 --node-size 32
expect 0 "$SM_CLI" traffic produce "$small" --count 2
expect 0 "$SM_CLI" traffic consume "$small" --count 2
tail -n 1 "$T_TMP/out" >"$T_TMP/last" && cp "$T_TMP/last" "$T_TMP/out"
json_check "d['received'] == 2 and d['bytes'] == 64 and d['corrupted'] == 0"
# Nodes too small for a stamp: the ring's fault, not an option's (none
# was given), and the message says so.
tiny=$(t_name tiny)
expect 0 "$SM_CLI" create ring "$tiny" --nodes 4 --node-size 8
expect 1 "$SM_CLI" traffic produce "$tiny" --count 1
err_has "segment '$tiny': its node size (8 bytes) is smaller than a stamp (16 bytes)"
grep -q -- "--size" "$T_TMP/err" && fail "traffic produce names --size, which was not given"
# A node too large for the memory left: an error, not a crash (produce
# wrote its stamp through a NULL buffer, consume called it an invalid
# argument).  Not under a sanitizer, whose shadow memory needs more room.
big=$(t_name big)
expect 0 "$SM_CLI" create ring "$big" --nodes 2 --node-size 512M
if ! ldd "$SM_CLI" 2>/dev/null | grep -q 'lib[at]san'; then
	expect 1 bash -c 'ulimit -v 1400000 && exec "$@"' - "$SM_CLI" traffic produce "$big" --count 1 --size 512M
	err_has "segment '$big': out of memory"
	expect 1 bash -c 'ulimit -v 1400000 && exec "$@"' - "$SM_CLI" traffic consume "$big" --count 1
	err_has "segment '$big': out of memory"
fi
exit 0
