#!/usr/bin/env bash
# traffic --rate R is "at most R messages per second" even after a stall:
# time spent waiting (a consumer on an empty ring, a producer on a full
# one) earns no burst afterwards.  (The pacer's credit grew while it
# waited, and the backlog then went at full speed.)
. "$(dirname "$0")/lib.sh"

ms() { echo $(( $(date +%s%N) / 1000000 )); }

q=$(t_name q)
expect 0 "$SM_CLI" create ring "$q" --nodes 256 --node-size 64

# A consumer at 50/s idles 2 s, then 60 messages arrive at once: reading
# them takes about 1.2 s (it took none).
( "$SM_CLI" traffic consume "$q" --rate 50 --count 60 >"$T_TMP/c"; ms >"$T_TMP/c_end" ) &
cons=$!
T_PIDS+=($cons)
# The stall is the point: 2 s from when it waits, not from its start.
await_live "$q" "l['counters']['empty_waits'] > 0" "traffic consume of an empty ring never waited"
sleep 2
"$SM_CLI" traffic produce "$q" --id 1 --count 60 >/dev/null || fail "producer"
produced=$(ms)
wait $cons || fail "consumer failed"
took=$(( $(cat "$T_TMP/c_end") - produced ))
echo "consumer read 60 messages in $took ms after they came"
[ "$took" -ge 900 ] || fail "consume --rate 50 read 60 messages in $took ms"
tail -n 1 "$T_TMP/c" >"$T_TMP/out"
json_check "d['received'] == 60 and d['lost'] == 0"

# A producer at 50/s fills an 8-node ring and waits 1.5 s for room; once
# a consumer drains it, the other 32 messages take about 0.6 s more.
f=$(t_name f)
expect 0 "$SM_CLI" create ring "$f" --nodes 8 --node-size 64
( "$SM_CLI" traffic produce "$f" --id 2 --rate 50 --count 40 >/dev/null; ms >"$T_TMP/p_end" ) &
prod=$!
T_PIDS+=($prod)
# 8 messages at 50/s fill the ring in 0.16 s; then 1.3 s of stall from
# when it waits for room (not from its start, however late that is).
await_live "$f" "l['counters']['full_waits'] > 0" "traffic produce into a full ring never waited"
sleep 1.3
drain=$(ms)
expect 0 "$SM_CLI" traffic consume "$f" --sole --count 40
wait $prod || fail "producer failed"
took=$(( $(cat "$T_TMP/p_end") - drain ))
echo "producer wrote its backlog in $took ms"
[ "$took" -ge 450 ] || fail "produce --rate 50 wrote 32 messages in $took ms after a stall"
tail -n 1 "$T_TMP/out" >"$T_TMP/last" && cp "$T_TMP/last" "$T_TMP/out"
json_check "d['received'] == 40 and d['lost'] == 0"

# No stall, a high rate: oversleeping each short wait is made up for.
# Every sleep overshoots by the timer slack (some 50 us), so without that
# 50000 messages at 100000/s take 2.5 s more than unpaced.  Set against the
# same messages unpaced, just before (a loaded machine or a sanitizer slows
# both alike), the paced run may take the 0.5 s of its rate and no more
# than 1.2 s beyond the unpaced one's time.
produce_ms() { # RING [ARGS...]: how long 50000 messages take
	local start
	expect 0 "$SM_CLI" create ring "$1" --nodes 65536 --node-size 32
	start=$(ms)
	expect 0 "$SM_CLI" traffic produce "$@" --count 50000
	echo $(( $(ms) - start ))
}
unpaced=$(produce_ms "$(t_name unpaced)") || fail "the unpaced producer failed"
paced=$(produce_ms "$(t_name paced)" --rate 100000) || fail "the paced producer failed"
echo "50000 messages: unpaced in $unpaced ms, at 100000/s in $paced ms"
[ "$paced" -lt $(( unpaced > 500 ? unpaced + 1200 : 1700 )) ] ||
	fail "produce --rate 100000 took $paced ms for 50000 messages (unpaced: $unpaced ms)"
exit 0
