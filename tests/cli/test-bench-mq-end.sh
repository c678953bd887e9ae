#!/usr/bin/env bash
# bench ring --transport posix-mq, its consumer dead while the queue is
# full after the producers have ended: the end of the run was one empty
# message per consumer, sent by the parent with a blocking mq_send into
# that full queue, so the bench waited for good on a consumer that would
# never read (where every other transport says "the process on the other
# side died", test-bench.sh).  The consumer is held in its first receive by
# a shim ($1, LD_PRELOAD, SM_TEST_HOLD_MQ_DIR) while the producer fills the
# queue (10 messages, the default msg_max) and ends, then killed.
. "$(dirname "$0")/lib.sh"
shim=${1:?usage: test-bench-mq-end.sh HOLD-SHIM}
[ -f "$shim" ] || fail "no shim $shim"
preload=$(t_preload "$shim")
max=$(cat /proc/sys/fs/mqueue/msg_max 2>/dev/null) || { echo "no POSIX message queues: skipped" >&2; exit 77; }
"$SM_CLI" bench ring --transport posix-mq --count 1 --no-latency >/dev/null 2>&1 ||
	{ echo "posix-mq bench does not run here: skipped" >&2; exit 77; }

# at_end PID: wait until bench PID is at the end of its run, its producer
# gone: it waits (waitpid) for the consumer.
at_end() {
	await_blocked "$1" 'do_wait*' "bench ring over posix-mq never came to the end of its run"
}

hold=$T_TMP/hold
mkdir "$hold"
SM_TEST_HOLD_MQ_DIR=$hold LD_PRELOAD=$preload "$SM_CLI" bench ring --transport posix-mq \
	--count "$max" --no-latency >"$T_TMP/out" 2>"$T_TMP/err" &
pid=$!
T_PIDS+=("$pid") # (its children die with it)
for _ in $(seq 250); do [ -e "$hold/held" ] && break; sleep 0.02; done
[ -e "$hold/held" ] || { kill -KILL "$pid"; fail "the consumer never came to its first receive"; }
kids=($(pgrep -P "$pid" | sort -n)) # the consumer is forked first
# The producer sends its messages into the queue and exits.
for _ in $(seq 250); do [ "$(pgrep -P "$pid" | wc -l)" = 1 ] && break; sleep 0.02; done
[ "$(pgrep -P "$pid" | wc -l)" = 1 ] || { kill -KILL "$pid" "${kids[@]}"; fail "the producer did not end"; }
at_end "$pid"
kill -KILL "${kids[0]}"
bench_ends "$pid" 10 "bench ring over posix-mq still running 10 s after its consumer was killed"
[ "$rc" = 1 ] || fail "bench ring exited $rc after its consumer was killed (expected 1): $(cat "$T_TMP/err")"
grep -q "the process on the other side died" "$T_TMP/err" ||
	fail "bench ring, its consumer killed, said: $(cat "$T_TMP/err")"
grep -q "MSGS/S" "$T_TMP/out" && fail "bench ring printed figures without its consumer"

# Held and let go, the consumer takes the full queue and the run ends well.
rm -f "$hold/held"
SM_TEST_HOLD_MQ_DIR=$hold LD_PRELOAD=$preload "$SM_CLI" bench ring --transport posix-mq \
	--count "$max" --no-latency --json >"$T_TMP/out" 2>"$T_TMP/err" &
pid=$!
T_PIDS+=("$pid") # (its children die with it)
for _ in $(seq 250); do [ -e "$hold/held" ] && break; sleep 0.02; done
for _ in $(seq 250); do [ "$(pgrep -P "$pid" | wc -l)" = 1 ] && break; sleep 0.02; done
at_end "$pid"
touch "$hold/go"
bench_ends "$pid" 10 "bench ring over posix-mq still running 10 s after its consumer went on"
[ "$rc" = 0 ] || fail "bench ring exited $rc with its consumer let go: $(cat "$T_TMP/err")"
json_check "[r['messages'] for r in d['results']] == [$max] and d['results'][0]['lost'] == 0"
exit 0
