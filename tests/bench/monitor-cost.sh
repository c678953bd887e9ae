#!/usr/bin/env bash
# monitor-cost.sh — what monitoring costs (issue 7), measured two ways:
#   1. the workbench's CPU while its ring monitor (the same widget, four of
#      them in one window: build/tests/ui/ringui-monitors) samples four busy
#      rings at the default 10 samples/s;
#   2. how much `sharedmem bench ring` slows down while monitored (the
#      harness picks up the benchmark's ring as soon as it appears), as the
#      median of a few alternating runs alone / monitored.
# Not part of the test suite: speed is measured by hand.
#   tests/bench/monitor-cost.sh [BUILD_DIR]      (default: build)
# Environment: MONITOR_SECONDS (default 10), BENCH_RUNS (default 3),
# BENCH_SECONDS (per transport with tests/bench/bench-ring, default 2),
# BENCH_ARGS (extra arguments for `sharedmem bench ring`).
set -eu
B=${1:-build}
CLI=$B/app/sharedmem
H=$B/tests/ui/ringui-monitors
SECS=${MONITOR_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
[ -x "$CLI" ] && [ -x "$H" ] || { echo "build first: ninja -C $B" >&2; exit 1; }
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$B/data NO_AT_BRIDGE=1
# Without a display: the whole script under xvfb, drawn with the cairo
# renderer (GL there would be llvmpipe, a software rasteriser no desktop uses).
if [ -z "${DISPLAY:-}" ]; then
	export GSK_RENDERER=${GSK_RENDERER:-cairo}
	exec xvfb-run -a "$0" "$@"
fi
gui() { "$@"; }

pids=()
names=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for n in "${names[@]}"; do rm -f "/dev/shm/sm.$n"; done
}
trap cleanup EXIT

echo "== 1. workbench CPU while monitoring 4 busy rings ($SECS s)"
for i in 1 2 3 4; do
	n=mcost-$$-$i
	names+=("$n")
	"$CLI" create ring "$n" --nodes 1024 --node-size 64 --hold >/dev/null & pids+=($!)
done
sleep 0.5
for n in "${names[@]}"; do
	"$CLI" traffic produce "$n" --rate 50000 >/dev/null & pids+=($!)
	"$CLI" traffic consume "$n" >/dev/null & pids+=($!)
done
sleep 1
gui "$H" --seconds "$SECS" "${names[@]}"
cleanup
pids=()
names=()

echo "== 2. ring benchmark (64 B, 1 -> 1), alone and monitored ($RUNS runs each)"
# `sharedmem bench ring` when the CLI has it, else the engine's own program;
# the figure is the plain copy path ("transport": "sharedmem").
BENCH_SECS=${BENCH_SECONDS:-2}
if "$CLI" bench ring --help >/dev/null 2>&1; then
	bench() { "$CLI" bench ring --json --no-latency --seconds "$BENCH_SECS" ${BENCH_ARGS:-}; }
elif [ -x "$B/tests/bench/bench-ring" ]; then
	bench() { "$B/tests/bench/bench-ring" compare 64 1 1 1024 "$BENCH_SECS"; }
else
	echo "no ring benchmark in this build: skipped"
	exit 0
fi
rate() { # one benchmark run -> messages/s of the plain ring
	bench 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
def walk(o):
    if isinstance(o, dict):
        if o.get("transport") == "sharedmem" and "msgs_per_s" in o:
            yield o["msgs_per_s"]
        for v in o.values():
            yield from walk(v)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v)
print(next(walk(d), 0))'
}
# Two ways of watching: the monitor window (reads + drawing; on a 2-core
# machine its drawing and Xvfb take CPU from the benchmark's two
# processes), and --headless (the same read-only snapshots, no drawing).
compare() { # label, harness arguments...
	local label=$1 alone=() watched=() r mon
	shift
	for r in $(seq "$RUNS"); do
		alone+=("$(rate)")
		# The harness watches every ring that appears (re-scanning every
		# 250 ms), so it picks up the benchmark's ring as it is created.
		"$H" --seconds 600 --all "$@" >/dev/null 2>&1 & mon=$!
		pids+=($mon)
		sleep 2
		watched+=("$(rate)")
		kill "$mon" 2>/dev/null || true
		wait "$mon" 2>/dev/null || true
	done
	python3 - "$label" "${alone[*]}" "${watched[*]}" <<'PY'
import statistics, sys
a = [float(x) for x in sys.argv[2].split()]
w = [float(x) for x in sys.argv[3].split()]
ma, mw = statistics.median(a), statistics.median(w)
print("%s:" % sys.argv[1])
print("  alone:     " + " ".join("%.4g" % x for x in a) + "   median %.4g msg/s" % ma)
print("  monitored: " + " ".join("%.4g" % x for x in w) + "   median %.4g msg/s" % mw)
print("  slowdown:  %.2f %%" % (100.0 * (ma - mw) / ma if ma else 0.0))
PY
}
compare "monitor window" 
compare "headless sampling (reads only)" --headless
