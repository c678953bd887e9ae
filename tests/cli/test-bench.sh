#!/usr/bin/env bash
# bench ring and bench rpc: short runs, JSON shape, every message verified.
. "$(dirname "$0")/lib.sh"

expect 0 "$SM_CLI" bench ring --json --count 2000 --size 128 --nodes 64
json_check "d['config']['msg_size'] == 128 and d['config']['producers'] == 1"
json_check "[(r['transport'], r['workload']) for r in d['results']] == [('sharedmem', '128B 1->1'), ('sharedmem', '128B round trip')]"
json_check "all(r['messages'] == 2000 and r['lost'] == r['duplicated'] == r['corrupted'] == 0 for r in d['results'])"
json_check "0 < d['results'][1]['p50_ns'] <= d['results'][1]['p99_ns'] <= d['results'][1]['max_ns']"
json_check "all(set(r) >= {'workload', 'transport', 'msg_size', 'messages', 'seconds', 'msgs_per_s', 'bytes_per_s'} for r in d['results'])"

# The table says which ring the figures came through (the default: at
# least 2 MiB of messages, here 32768 nodes of 64 bytes).
expect 0 "$SM_CLI" bench ring --count 500 --no-latency --ring-mode spsc
out_has "ring: 32768 nodes of 64 bytes, spsc"
expect 0 "$SM_CLI" bench ring --json --count 500 --no-latency
json_check "d['config']['node_count'] == 32768"
json_check "d['config']['burst'] == 32" # the default's value, not 0

# Two producers, two consumers, bursts; and one alternative.
expect 0 "$SM_CLI" bench ring --json --producers 2 --consumers 2 --count 1000 --transport sharedmem-burst --no-latency
json_check "len(d['results']) == 1 and d['results'][0]['messages'] == 2000 and d['results'][0]['lost'] == 0"
expect 0 "$SM_CLI" bench ring --count 500 --transport pipe
out_has "pipe"
out_has "ok (500 messages)"
expect 0 "$SM_CLI" bench ring --count 1 --transport pipe # (it said "1 messages")
out_has "ok (1 message)"
grep -q "round trip" "$T_TMP/out" && fail "a pipe run has no ring round trips"
grep -q "^ring:" "$T_TMP/out" && fail "a pipe run names no ring"

# --compare: sharedmem rows carry their ratios.
expect 0 "$SM_CLI" bench ring --json --compare --count 2000 --no-latency
json_check "{'sharedmem', 'pipe', 'memcpy'} <= {r['transport'] for r in d['results']}"
json_check "all('ratio_vs_pipe' in r and 'ratio_vs_memcpy' in r and 'ratio_vs_best_alternative' in r for r in d['results'] if r['transport'].startswith('sharedmem'))"

# No ratio to a run that lost a message (SM_BENCH_TEST_LOSE: see
# app/bench/bench-verify.h), nor from one; both exit 1.
SM_BENCH_TEST_LOSE=pipe expect 1 "$SM_CLI" bench ring --json --compare --count 2000 --no-latency
json_check "[r['lost'] for r in d['results'] if r['transport'] == 'pipe'] == [1]"
json_check "all(r['ratio_vs_pipe'] is None and r['ratio_vs_memcpy'] > 0 for r in d['results'] if r['transport'].startswith('sharedmem'))"
json_check "all(abs(r['ratio_vs_best_alternative'] - r['msgs_per_s'] / max(a['msgs_per_s'] for a in d['results'] if a['transport'] in ('unix-stream', 'unix-seqpacket', 'posix-mq', 'bare-ring'))) < 1e-9 * r['ratio_vs_best_alternative'] for r in d['results'] if r['transport'].startswith('sharedmem'))"
SM_BENCH_TEST_LOSE=sharedmem expect 1 "$SM_CLI" bench ring --json --compare --count 2000 --no-latency
json_check "[(r['ratio_vs_pipe'], r['ratio_vs_memcpy'], r['ratio_vs_best_alternative']) for r in d['results'] if r['transport'] == 'sharedmem'] == [(None, None, None)]"
json_check "all(r['ratio_vs_best_alternative'] > 0 for r in d['results'] if r['transport'] == 'sharedmem-burst')"
SM_BENCH_TEST_LOSE=unix-socket expect 1 "$SM_CLI" bench rpc --json --count 100
json_check "[r['lost'] for r in d['results']] == [0, 1] and d['results'][0]['ratio_vs_unix_socket'] is None"

expect 0 "$SM_CLI" bench rpc --json --count 300 --size 1K
json_check "[r['transport'] for r in d['results']] == ['sharedmem', 'unix-stream']"
json_check "all(r['messages'] == 300 and r['lost'] == r['duplicated'] == r['corrupted'] == 0 for r in d['results'])"
json_check "all(0 < r['p50_ns'] <= r['p99_ns'] <= r['max_ns'] for r in d['results'])"
json_check "d['results'][0]['ratio_vs_unix_socket'] > 0"
# The config the channel ran with: the library's defaults by value, as
# bench ring's burst and node_count (it said 0, 0 and -1).
json_check "(d['config']['packet_size'], d['config']['node_count']) == (65536, 32)"
json_check "d['config']['spin_us'] == (50 if __import__('os').sysconf('SC_NPROCESSORS_ONLN') >= 4 else 0)"
expect 0 "$SM_CLI" bench rpc --json --count 10 --spin-us 7 --packet-size 4K --nodes 8 --no-unix
json_check "(d['config']['spin_us'], d['config']['packet_size'], d['config']['node_count']) == (7, 4096, 8)"
expect 0 "$SM_CLI" bench rpc --count 100 --callers 2 --no-unix
out_has "rpc-echo"

# The progress line goes to stderr only when it is a terminal (and not
# with --quiet).
"$SM_CLI" bench ring --count 1000 --no-latency >/dev/null 2>"$T_TMP/err" || fail "bench ring"
[ -s "$T_TMP/err" ] && fail "progress written to a stderr that is not a terminal"
if command -v script >/dev/null; then
	script -qec "$SM_CLI bench ring --seconds 0.6 --no-latency >/dev/null" /dev/null >"$T_TMP/tty"
	grep -q "bench ring: sharedmem" "$T_TMP/tty" || fail "no progress line on a terminal"
	script -qec "$SM_CLI --quiet bench ring --seconds 0.3 --no-latency >/dev/null" /dev/null >"$T_TMP/tty"
	grep -q "bench ring:" "$T_TMP/tty" && fail "a progress line despite --quiet"
fi

# Usage errors.
expect 2 "$SM_CLI" bench ring --size 8
err_has "at least 16"
expect 2 "$SM_CLI" bench ring --transport carrier-pigeon
# Beyond what the engine takes (an hour, 1 GiB): a usage error, not a run
# that failed with "invalid argument".
# bench rpc went up to a day: all three stop at an hour, with one message.
for cmd in "bench ring" "bench rpc" "bench compare"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" $cmd --seconds 3601
	err_has "--seconds: '3601' is out of range (more than 0, at most 3600)"
done
expect 2 "$SM_CLI" bench ring --size 2G --count 1 --no-latency
err_has "--size"
expect 2 "$SM_CLI" bench ring --producers 0
expect 2 "$SM_CLI" bench ring --node-size 32 --size 64
# A burst call moves at most SM_RING_BURST_MAX (256) messages: --burst 4096
# ran bursts of 256 and said "burst": 4096.
expect 2 "$SM_CLI" bench ring --transport sharedmem-burst --burst 257 --count 100 --no-latency
err_has "--burst"
# --count is per producer: 2^60 each from 16 producers is 2^64 messages, which
# wrapped to 0, and memcpy copied nothing and said "ok (0 messages)" (it now
# refuses --producers; the total is checked for any transport).
expect 2 "$SM_CLI" bench ring --transport pipe --producers 16 --count 1152921504606846976 --no-latency
err_has "--count"
expect 2 "$SM_CLI" bench rpc --callers many
expect 2 "$SM_CLI" bench rpc --seconds 0
# A channel its server cannot create: the server's own error, in one line
# (the server child printed it, then the command "Input/output error").
expect 1 "$SM_CLI" bench rpc --nodes 1G --count 10
err_has "bench rpc over sharedmem: segment too large"
# A packet size no channel takes is a usage error, as rpc serve's
# --packet-size and create rpc's --node-size are (it was exit 1,
# "invalid argument (name, size, count or flag)").
expect 2 "$SM_CLI" bench rpc --node-size 16 --count 10
err_has "--node-size: at least 64 bytes"
expect 2 "$SM_CLI" bench rpc --node-size 8M --count 10
err_has "--node-size: '8M' is too large (at most 4194304)"

# A producer or consumer that dies mid-run fails the run with a message:
# its producers used to wait for a dead consumer forever, and a dead
# producer's messages counted as duplicated, beside a figure.  It fails
# at once, not at the end of its --seconds (it slept through them all).
# mid_run PID: wait until bench ring PID's consumer has read a message
# from its ring: both children are in their loops, the run under way.
mid_run() {
	await_live "bench-$1" "l['counters']['messages_read'] > 0" "bench ring $1 moved no message"
}

for victim in consumer producer; do
	"$SM_CLI" bench ring -s 60 --no-latency >"$T_TMP/out" 2>"$T_TMP/err" &
	pid=$!
	mid_run "$pid"
	kids=($(pgrep -P "$pid" | sort -n)) # the consumer is forked first
	[ "${#kids[@]}" = 2 ] || fail "bench ring runs ${#kids[@]} children, not 2"
	kill -KILL "${kids[$([ "$victim" = consumer ] && echo 0 || echo 1)]}"
	bench_ends "$pid" 10 "bench ring still running 10 s after its $victim was killed"
	[ "$rc" = 1 ] || fail "bench ring exited $rc after its $victim was killed (expected 1)"
	grep -q "the process on the other side died" "$T_TMP/err" ||
		fail "bench ring, its $victim killed, said: $(cat "$T_TMP/err")"
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || fail "more than one line on stderr: $(cat "$T_TMP/err")"
	grep -q "MSGS/S" "$T_TMP/out" && fail "bench ring printed figures without its $victim"
	[ -e "/dev/shm/sm.bench-$pid" ] && fail "bench ring left bench-$pid"
done

# Its producer and consumer die with it, even when the signal reaches it
# alone (kill PID): they used to spin on for good.
"$SM_CLI" bench ring -s 5 --no-latency >/dev/null 2>&1 &
pid=$!
mid_run "$pid"
kids=$(pgrep -P "$pid")
[ -n "$kids" ] || fail "bench ring started no children"
kill -TERM "$pid"
wait "$pid"
for _ in $(seq 100); do
	alive=
	for k in $kids; do kill -0 "$k" 2>/dev/null && alive="$alive $k"; done
	[ -z "$alive" ] && break
	sleep 0.05
done
if [ -n "$alive" ]; then
	kill -KILL $alive
	fail "bench ring's children$alive outlived it by 5 s"
fi

# Interrupted (SIGTERM to it and its children, as Ctrl-C reaches the whole
# process group; SIGINT is ignored in a script's background jobs): it dies
# of the signal and leaves nothing behind.
"$SM_CLI" bench ring -s 5 --no-latency >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -e "/dev/shm/sm.bench-$pid" ] && break; sleep 0.05; done
[ -e "/dev/shm/sm.bench-$pid" ] || fail "bench ring made no bench-$pid"
kill -TERM $(pgrep -P "$pid") "$pid"
wait "$pid"
rc=$?
[ "$rc" = 143 ] || fail "bench ring, sent SIGTERM, exited $rc (expected 143)"
[ -e "/dev/shm/sm.bench-$pid" ] && fail "an interrupted bench ring left bench-$pid"

# A run that moved nothing measured nothing: bench rpc for a nanosecond
# made no call and printed 0 calls/s, latencies of 0.00 us and "ok (0
# messages)", exit 0 (bench compare calls it failed).  It fails (exit 1)
# and says why, in the table and on stderr; its JSON has no latencies.
expect 1 "$SM_CLI" bench rpc --seconds 0.000000001 --no-unix
out_has "FAILED: no message got through"
err_has "sharedmem: no message got through (try a longer --seconds)"
"$SM_CLI" bench rpc --seconds 0.000000001 --no-unix --json >"$T_TMP/out" 2>/dev/null && fail "bench rpc --json of no call exited 0"
json_check 'd["results"][0]["messages"] == 0 and d["results"][0]["p50_ns"] is None'

# A transport that cannot carry the workload (a byte stream or the bare
# ring with two producers) said "not supported (no such method, or not on
# this system)", as if the transport were missing; it names the workload,
# in the words --compare's note uses.
for t in pipe bare-ring; do
	expect 1 "$SM_CLI" bench ring --transport "$t" --producers 2 --count 10 --no-latency
	err_has "$t cannot carry this workload (2 producers -> 1 consumer, 64-byte messages)"
done
# One each is not "1 -> 1 processes": unix-seqpacket refuses a message
# larger than its socket's send buffer (EMSGSIZE), at most 2 * wmem_max.
if [ "$(cat /proc/sys/net/core/wmem_max 2>/dev/null || echo 0)" -lt $((30 << 20)) ]; then
	expect 1 "$SM_CLI" bench ring --transport unix-seqpacket --size 60M --count 1 --no-latency
	err_has "unix-seqpacket cannot carry this workload (1 producer -> 1 consumer, 62914560-byte messages)"
fi
exit 0
