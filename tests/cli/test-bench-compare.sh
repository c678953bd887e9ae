#!/usr/bin/env bash
# A short `bench compare` (300 messages or calls per run, which finishes
# however busy the machine is): the JSON's shape, every workload over
# sharedmem and every alternative, and no message lost, duplicated or
# corrupted.  Not its speed.
. "$(dirname "$0")/lib.sh"

# The two workloads of a megabyte or half run 30 messages or calls, which
# still wrap their rings: 300 took 45 of this test's 68 s under TSan,
# which copies each byte instrumented.  Their JSON joins the others'.
expected_count="{'stream-1m': 30, 'reqresp-512k': 30}.get(r['workload'], 300)"
compare_json() { # FILE COUNT WORKLOADS
	"$SM_CLI" bench compare --count "$2" --workloads "$3" --json >"$T_TMP/$1" 2>"$T_TMP/err"
	local rc=$?
	[ $rc = 0 ] || { cat "$T_TMP/err" >&2; fail "bench compare --count $2 --workloads $3 exited $rc"; }
}
compare_json small 300 stream-64,stream-1k,stream-64-4x4,reqresp-64,reqresp-1k,reqresp-64-4c
compare_json big 30 stream-1m,reqresp-512k
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["results"] += json.load(open(sys.argv[2]))["results"]
json.dump(d, open(sys.argv[3], "w"))' "$T_TMP/small" "$T_TMP/big" "$T_TMP/out" || fail "the two JSONs did not join"
# Say which rows are wrong, if any, before the checks.
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["status"] != "ok" or r["lost"] or r["duplicated"] or r["corrupted"]:
        print("note:", r["workload"], r["transport"], r["status"], r["note"], r["lost"], r["duplicated"], r["corrupted"], file=sys.stderr)' "$T_TMP/out"
json_check "set(d) >= {'machine', 'seconds_per_run', 'results'} and d['seconds_per_run'] is None and d['count_per_run'] == 300"
# The core-to-core latency before each round and after the runs: a time,
# or null where there is no second CPU to measure it on.
json_check "set(d['machine']['core_to_core_ns']) == {'before', 'after', 'rounds'} and d['rounds'] == 1"
json_check "all(v is None or 0 < v < 1e6 for v in [d['machine']['core_to_core_ns'][k] for k in ('before', 'after')] + d['machine']['core_to_core_ns']['rounds'])"
json_check "(len(__import__('os').sched_getaffinity(0)) < 2) == (d['machine']['core_to_core_ns']['before'] is None)"
json_check "{r['workload'] for r in d['results']} == {'stream-64', 'stream-1k', 'stream-1m', 'stream-64-4x4', 'reqresp-64', 'reqresp-1k', 'reqresp-512k', 'reqresp-64-4c'}"
# The scaled workloads: four producers -> four consumers, four callers;
# transports that only run one to one are not asked to, byte streams are
# skipped with their reason, and sharedmem is also set against its 1 -> 1.
json_check "all(r['producers'] == r['consumers'] == (4 if r['workload'] == 'stream-64-4x4' else 1) for r in d['results'] if r['kind'] == 'stream')"
json_check "all(r['callers'] == (4 if r['workload'] == 'reqresp-64-4c' else 1) for r in d['results'] if r['kind'] == 'reqresp')"
json_check "not {r['transport'] for r in d['results'] if r['workload'] == 'stream-64-4x4'} & {'sharedmem-spsc', 'bare-ring', 'zeromq', 'memcpy'}"
json_check "[r['status'] for r in d['results'] if r['workload'] == 'stream-64-4x4' and r['transport'] in ('pipe', 'unix-stream')] == ['skipped', 'skipped']"
json_check "all(r['status'] == 'ok' for r in d['results'] if r['workload'] == 'stream-64-4x4' and r['transport'] in ('unix-seqpacket', 'posix-mq'))"
json_check "all(r['base_workload'] == {'stream-64-4x4': 'stream-64', 'reqresp-64-4c': 'reqresp-64'}[r['workload']] and r['ratio_vs_base_workload'] > 0 for r in d['results'] if r['role'] == 'sharedmem' and r['workload'] in ('stream-64-4x4', 'reqresp-64-4c'))"
json_check "not any('base_workload' in r for r in d['results'] if r['workload'] not in ('stream-64-4x4', 'reqresp-64-4c'))"
json_check "{r['transport'] for r in d['results']} >= {'sharedmem', 'pipe', 'unix-stream', 'unix-seqpacket', 'posix-mq', 'bare-ring', 'zeromq', 'memcpy'}"
common="{'workload', 'transport', 'msg_size', 'messages', 'seconds', 'msgs_per_s', 'bytes_per_s', 'lost', 'duplicated', 'corrupted', 'status', 'role'}"
json_check "all(set(r) >= $common for r in d['results'])"
json_check "all(set(r) >= {'p50_ns', 'p99_ns', 'max_ns'} for r in d['results'] if r['kind'] == 'reqresp')"
# sharedmem: ran everywhere, verified, with its ratio.
json_check "all(r['status'] == 'ok' and r['messages'] == $expected_count and r['lost'] == r['duplicated'] == r['corrupted'] == 0 for r in d['results'] if r['transport'] == 'sharedmem')"
json_check "all('ratio_vs_best_alternative' in r for r in d['results'] if r['transport'] == 'sharedmem')"
json_check "all(r['ratio_vs_best_alternative'] is None or r['ratio_vs_best_alternative'] > 0 for r in d['results'] if r['transport'] == 'sharedmem')"
json_check "all(r['msgs_per_s'] > 0 and abs(r['bytes_per_s'] - r['msgs_per_s'] * r['msg_size']) <= 1e-6 * r['bytes_per_s'] for r in d['results'] if r['status'] == 'ok')"
# The bare ring carries every stream size, verified.
json_check "[(r['workload'], r['status'], r['messages'] == $expected_count) for r in d['results'] if r['transport'] == 'bare-ring'] == [(w, 'ok', True) for w in ('stream-64', 'stream-1k', 'stream-1m')]"
# Alternatives that ran verified their messages too; skips say why.
json_check "all(r['lost'] == r['duplicated'] == r['corrupted'] == 0 for r in d['results'] if r['status'] == 'ok')"
json_check "all(r['note'] for r in d['results'] if r['status'] != 'ok')"
# A row that did not run measured nothing: its rate and latencies are
# null, not 0 (a skipped request/response row said "p50_ns": 0, a
# latency of nothing), in its summary and in its runs.
json_check "any(r['status'] != 'ok' for r in d['results'])" # (pipe, stream-64-4x4)
json_check "all(r['msgs_per_s'] is None and r['bytes_per_s'] is None and [r.get(k) for k in ('p50_ns', 'p99_ns', 'max_ns')] == [None] * 3 for r in d['results'] if r['status'] != 'ok')"
json_check "all(k['msgs_per_s'] is None and [k.get(x) for x in ('p50_ns', 'p99_ns', 'max_ns')] == [None] * 3 for r in d['results'] for k in r['runs'] if k['status'] != 'ok')"

# The table for people, and subsets.
expect 0 "$SM_CLI" bench compare --count 100 --workloads stream-64,reqresp-1k --transports sharedmem,pipe
out_has "VS BEST ALTERNATIVE"
out_has "core to core: "
out_has "pipe"

# Every transport's percentiles are the nearest rank (bench-percentile.h):
# of 100 round trips p99 is the 99th fastest, not the slowest, as ZeroMQ's
# own sort gave it (where libzmq is built in).
"$SM_CLI" bench compare --count 100 --workloads reqresp-64 --transports zeromq --json \
	>"$T_TMP/out" || fail "bench compare over zeromq exited $?"
json_check "all(r['p50_ns'] <= r['p99_ns'] < r['max_ns'] for r in d['results'] if r['status'] == 'ok')"
# A ZeroMQ stream's clock started at the first message's arrival, so n
# messages were timed over the n - 1 intervals after it (n/(n-1) too
# fast): one message took the time of two clock readings (some 30 ns,
# 34 M messages/s).  A start marker, before the messages, starts it now.
"$SM_CLI" bench compare --count 1 --workloads stream-64 --transports zeromq --json \
	>"$T_TMP/out" || fail "bench compare of a stream over zeromq exited $?"
json_check "all(k['messages'] == 1 and k['seconds'] >= 1e-6 for r in d['results'] if r['status'] == 'ok' for k in r['runs'])"

# --repeat: each figure is the median of its rounds, each round kept.
"$SM_CLI" bench compare --count 200 --repeat 3 --workloads stream-64,reqresp-64 \
	--transports sharedmem,pipe,memcpy --json >"$T_TMP/out" || fail "bench compare --repeat 3 failed"
json_check "d['rounds'] == 3 and all(len(r['runs']) == 3 for r in d['results'])"
json_check "len(d['machine']['core_to_core_ns']['rounds']) == 3"
# Each run notes the core-to-core latency it began at; a round's is its first run's.
json_check "all(k['core_to_core_ns'] is None or 0 < k['core_to_core_ns'] < 1e6 for r in d['results'] for k in r['runs'])"
json_check "d['machine']['core_to_core_ns']['rounds'] == [k['core_to_core_ns'] for k in d['results'][0]['runs']]"
json_check "all(r['messages'] == 600 == sum(k['messages'] for k in r['runs']) for r in d['results'])"
json_check "all(r['msgs_per_s'] == sorted(k['msgs_per_s'] for k in r['runs'])[1] for r in d['results'])"
# Ratios are taken round by round: the median of the three rounds' ratios.
json_check "all(abs(r['ratio_vs_best_alternative'] - sorted(a['msgs_per_s'] / b['msgs_per_s'] for a, b in zip(r['runs'], [x for x in d['results'] if x['workload'] == r['workload'] and x['transport'] == r['best_alternative']][0]['runs']))[1]) < 1e-9 * r['ratio_vs_best_alternative'] for r in d['results'] if r['role'] == 'sharedmem')"
json_check "all(r['ratio_vs_memcpy'] > 0 for r in d['results'] if r['role'] == 'sharedmem' and r['kind'] == 'stream')"
expect 0 "$SM_CLI" bench compare --count 100 --repeat 2 --workloads stream-64 --transports sharedmem,pipe
out_has "median of 2 rounds"
out_has "RANGE OF MSGS/S"

# A ratio is only taken between runs that verified every message.
# SM_BENCH_TEST_LOSE=NAME[:N] (app/bench/bench-verify.h) makes the runs of
# a transport (only its N-th) report a lost message: the best alternative
# is then the fastest one that verified, whichever was faster...
SM_BENCH_TEST_LOSE=pipe "$SM_CLI" bench compare --count 200 --workloads stream-64,reqresp-64 \
	--transports sharedmem,pipe,unix-seqpacket --json >"$T_TMP/out" ||
	fail "bench compare exited $? when an alternative lost a message"
json_check "[r['lost'] for r in d['results'] if r['transport'] == 'pipe'] == [1, 1]"
json_check "all(r['best_alternative'] == 'unix-seqpacket' and r['ratio_vs_best_alternative'] > 0 for r in d['results'] if r['role'] == 'sharedmem')"
# ... with none, no ratio (null; the table says why) ...
SM_BENCH_TEST_LOSE=pipe "$SM_CLI" bench compare --count 200 --workloads stream-64,reqresp-64 \
	--transports sharedmem,pipe --json >"$T_TMP/out" || fail "bench compare exited $?"
json_check "all(r['best_alternative'] is None and r['ratio_vs_best_alternative'] is None for r in d['results'] if r['role'] == 'sharedmem')"
SM_BENCH_TEST_LOSE=pipe expect 0 "$SM_CLI" bench compare --count 100 --workloads stream-64 --transports sharedmem,pipe
grep -q "^stream-64 *sharedmem .* ok *(no alternative verified)$" "$T_TMP/out" ||
	{ cat "$T_TMP/out" >&2; fail "the table gives a ratio to an alternative that lost a message"; }
# ... nor where it lost one in one round of several: its other rounds'
# ratios would rest on a figure from a run that did not verify ...
SM_BENCH_TEST_LOSE=pipe:2 "$SM_CLI" bench compare --count 200 --repeat 2 --workloads stream-64 \
	--transports sharedmem,pipe,memcpy --json >"$T_TMP/out" || fail "bench compare --repeat 2 exited $?"
json_check "[(r['transport'], r['lost']) for r in d['results']] == [('sharedmem', 0), ('pipe', 1), ('memcpy', 0)]"
json_check "[x['lost'] for x in d['results'][1]['runs']] == [0, 1]" # the round that lost it
json_check "d['results'][0]['ratio_vs_best_alternative'] is None and d['results'][0]['ratio_vs_memcpy'] > 0"
# ... and a sharedmem figure that lost one gets no ratio, nor is the
# reference of its scaled workload's (it fails the command).
SM_BENCH_TEST_LOSE=sharedmem:1 "$SM_CLI" bench compare --count 200 --workloads stream-64,stream-64-4x4 \
	--transports sharedmem,unix-seqpacket,memcpy --json >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
[ $rc = 1 ] || fail "bench compare exited $rc, not 1, when sharedmem lost a message"
json_check "[(r['workload'], r['lost']) for r in d['results'] if r['transport'] == 'sharedmem'] == [('stream-64', 1), ('stream-64-4x4', 0)]"
json_check "[(r['ratio_vs_best_alternative'], r['best_alternative'], r['ratio_vs_memcpy']) for r in d['results'] if r['transport'] == 'sharedmem' and r['workload'] == 'stream-64'] == [(None, None, None)]"
json_check "[(r['best_alternative'], r['ratio_vs_best_alternative'] > 0, r['ratio_vs_base_workload']) for r in d['results'] if r['transport'] == 'sharedmem' and r['workload'] == 'stream-64-4x4'] == [('unix-seqpacket', True, None)]"

# Interrupted (SIGTERM to it and its children, as Ctrl-C reaches the whole
# process group) during a ZeroMQ run, where libzmq is built in: it leaves
# no socket file in /tmp.
if "$SM_CLI" bench compare --count 10 --workloads stream-64 --transports zeromq | grep -q "zeromq .* ok"; then
	"$SM_CLI" bench compare --seconds 5 --workloads stream-64 --transports zeromq >/dev/null 2>&1 &
	pid=$!
	kid=
	for _ in $(seq 200); do
		for kid in $(pgrep -P "$pid") ""; do
			[ -n "$kid" ] && eval "$zmq_process" && break
		done
		[ -n "$kid" ] && break
		sleep 0.05
	done
	[ -n "$kid" ] || { kill -KILL "$pid"; fail "bench compare over zeromq started no producer"; }
	# Under way: a socket of its endpoint (abstract, named after the bench)
	# is connected (state 03 in /proc/net/unix).
	# shellcheck disable=SC2317 # called by t_until
	zmq_connected() {
		awk -v ep="@sm-bench-zmq-$pid-" '$6 == "03" && index($8, ep) == 1 { f = 1 } END { exit !f }' /proc/net/unix
	}
	t_until 10 zmq_connected ||
		{ kill -KILL $(pgrep -P "$pid") "$pid"; fail "bench compare over zeromq never connected"; }
	kill -TERM $(pgrep -P "$pid") "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" = 143 ] || fail "bench compare, sent SIGTERM, exited $rc (expected 143)"
	# Nothing of it lives on: no socket of its endpoint is open any more.
	# (Its endpoints are abstract sockets, which leave no file behind.)
	# shellcheck disable=SC2317 # called by t_until
	zmq_gone() { ! grep -qF "@sm-bench-zmq-$pid-" /proc/net/unix; }
	t_until 5 zmq_gone || fail "an interrupted bench compare's ZeroMQ sockets are still open"
fi

expect 2 "$SM_CLI" bench compare --repeat 0
expect 2 "$SM_CLI" bench compare --repeat 101
expect 2 "$SM_CLI" bench compare --workloads nothing-like-this
expect 2 "$SM_CLI" bench compare --seconds -1
# Over the stream engine's hour: a usage error, not every stream run failing
# with "invalid argument" (and exit 0 where no sharedmem row ran).
timeout 20 "$SM_CLI" bench compare --seconds 3601 --workloads stream-64 --transports memcpy \
	>"$T_TMP/out" 2>"$T_TMP/err"
[ $? = 2 ] || fail "bench compare --seconds 3601: not a usage error: $(cat "$T_TMP/out" "$T_TMP/err")"
grep -q -- "--seconds" "$T_TMP/err" || fail "bench compare --seconds 3601 said: $(cat "$T_TMP/err")"
expect 2 "$SM_CLI" bench compare --seconds 1 --count 5
expect 2 "$SM_CLI" bench compare --transports pipe,telegraph
exit 0
