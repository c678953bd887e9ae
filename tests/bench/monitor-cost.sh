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
# BENCH_ARGS (extra arguments for `sharedmem bench ring`).
set -eu
B=${1:-build}
CLI=$B/app/sharedmem
H=$B/tests/ui/ringui-monitors
SECS=${MONITOR_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
[ -x "$CLI" ] && [ -x "$H" ] || { echo "build first: ninja -C $B" >&2; exit 1; }
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$B/data NO_AT_BRIDGE=1
# Without a display: xvfb, drawn with the cairo renderer (GL there would be
# llvmpipe, a software rasteriser no desktop uses).
gui() { if [ -n "${DISPLAY:-}" ]; then "$@"; else GSK_RENDERER=${GSK_RENDERER:-cairo} xvfb-run -a "$@"; fi; }

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
	"$CLI" traffic produce "$n" --rate 50000 & pids+=($!)
	"$CLI" traffic consume "$n" >/dev/null & pids+=($!)
done
sleep 1
gui "$H" --seconds "$SECS" "${names[@]}"
cleanup
pids=()
names=()

echo "== 2. sharedmem bench ring, alone and monitored ($RUNS runs each)"
if ! "$CLI" bench ring --help >/dev/null 2>&1; then
	echo "sharedmem bench ring is not available in this build: skipped"
	exit 0
fi
rate() { # one benchmark run -> messages/s
	"$CLI" bench ring --json ${BENCH_ARGS:-} | python3 -c '
import json, sys
d = json.load(sys.stdin)
def find(o):
    if isinstance(o, dict):
        for k in ("messages_per_s", "msgs_per_s", "messages_per_second"):
            if k in o and isinstance(o[k], (int, float)):
                return o[k]
        for v in o.values():
            r = find(v)
            if r: return r
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r: return r
    return None
print(find(d) or 0)'
}
alone=()
watched=()
for r in $(seq "$RUNS"); do
	alone+=("$(rate)")
	gui "$H" --seconds 30 --all >/dev/null & mon=$!
	pids+=($mon)
	sleep 2 # the harness's window is up and rescanning
	watched+=("$(rate)")
	kill "$mon" 2>/dev/null || true
	wait "$mon" 2>/dev/null || true
done
python3 - "${alone[*]}" "${watched[*]}" <<'PY'
import statistics, sys
a = [float(x) for x in sys.argv[1].split()]
w = [float(x) for x in sys.argv[2].split()]
ma, mw = statistics.median(a), statistics.median(w)
print("alone:     " + " ".join("%.3g" % x for x in a) + "  median %.4g msg/s" % ma)
print("monitored: " + " ".join("%.3g" % x for x in w) + "  median %.4g msg/s" % mw)
print("slowdown: %.2f %%" % (100.0 * (ma - mw) / ma if ma else 0.0))
PY
