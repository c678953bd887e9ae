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
sleep 1.5
drain=$(ms)
expect 0 "$SM_CLI" traffic consume "$f" --sole --count 40
wait $prod || fail "producer failed"
took=$(( $(cat "$T_TMP/p_end") - drain ))
echo "producer wrote its backlog in $took ms"
[ "$took" -ge 450 ] || fail "produce --rate 50 wrote 32 messages in $took ms after a stall"
tail -n 1 "$T_TMP/out" >"$T_TMP/last" && cp "$T_TMP/last" "$T_TMP/out"
json_check "d['received'] == 40 and d['lost'] == 0"

# No stall, a high rate: oversleeping each short wait is made up for, so
# 50000 messages at 100000/s take about 0.5 s (not three times that).
big=$(t_name big)
expect 0 "$SM_CLI" create ring "$big" --nodes 65536 --node-size 32
start=$(ms)
expect 0 "$SM_CLI" traffic produce "$big" --rate 100000 --count 50000
took=$(( $(ms) - start ))
echo "50000 messages at 100000/s in $took ms"
[ "$took" -lt 1200 ] || fail "produce --rate 100000 took $took ms for 50000 messages"
exit 0
