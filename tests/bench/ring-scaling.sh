#!/usr/bin/env bash
# ring-scaling.sh — how the ring scales with cores: `sharedmem bench ring`
# from P producer processes to C consumer processes (1->1, 2->2, 4->4 ...
# up to MAX->MAX, then 1->MAX and MAX->1), one message per call and in
# bursts, beside Unix seqpacket sockets and POSIX message queues (the
# alternatives that take many writers) at 1->1 and MAX->MAX.  Every
# configuration runs REPEAT times, round by round, so a slow minute hits
# them all alike; prints each one's median messages/s and its ratio to the
# same transport's 1->1.  Every message is verified by the benchmark: a
# lost, duplicated or corrupted one fails the script.
# Not part of the test suite (speed is measured by hand; bench-scaling-smoke
# runs it tiny).
#   tests/bench/ring-scaling.sh [SHAREDMEM]  (default: build-rel/app/sharedmem)
# Environment: MAX (default: half the online CPUs, 2 to 16), REPEAT (3),
# SECONDS_EACH (1), SIZE (message bytes, 64).
set -eu
CLI=${1:-build-rel/app/sharedmem}
[ -x "$CLI" ] || { echo "ring-scaling: no $CLI (build first)" >&2; exit 1; }
cpus=$(getconf _NPROCESSORS_ONLN)
MAX=${MAX:-$((cpus / 2))}
[ "$MAX" -ge 2 ] || MAX=2
[ "$MAX" -le 16 ] || MAX=16
REPEAT=${REPEAT:-3}
SECS=${SECONDS_EACH:-1}
SIZE=${SIZE:-64}

configs=()
for ((n = 1; n < MAX; n *= 2)); do configs+=("$n $n"); done
configs+=("$MAX $MAX" "1 $MAX" "$MAX 1")

results=$(mktemp)
trap 'rm -f "$results"' EXIT
run() { # producers consumers transport
	local out
	if ! out=$("$CLI" bench ring --no-latency --json -s "$SECS" -m "$SIZE" \
		-p "$1" -c "$2" -t "$3" 2>&1); then
		echo "ring-scaling: $1->$2 over $3 failed:" >&2
		echo "$out" >&2
		exit 1
	fi
	local rate
	rate=$(echo "$out" | sed -n 's/.*"msgs_per_s": *\([0-9.e+]*\).*/\1/p' | head -n 1)
	[ -n "$rate" ] || { echo "ring-scaling: no rate in the output of $1->$2 over $3" >&2; exit 1; }
	echo "$1 $2 $3 $rate" >>"$results"
}

echo "$cpus CPUs, $SIZE-byte messages, $REPEAT rounds of $SECS s each"
for ((round = 1; round <= REPEAT; round++)); do
	for c in "${configs[@]}"; do
		set -- $c
		run "$1" "$2" sharedmem
		run "$1" "$2" sharedmem-burst
		if [ "$1" = "$2" ] && { [ "$1" = 1 ] || [ "$1" = "$MAX" ]; }; then
			run "$1" "$2" unix-seqpacket
			run "$1" "$2" posix-mq
		fi
	done
	echo "round $round of $REPEAT done" >&2
done

# Medians per (producers, consumers, transport), in the order first run;
# the ratio is to the same transport's 1->1 median.
awk '
	{ key = $1 " " $2 " " $3; if (!(key in n)) order[++keys] = key
	  v[key, ++n[key]] = $4 }
	function median(k,   i, j, t, m) {
		m = n[k]
		for (i = 1; i <= m; i++) a[i] = v[k, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		printf "%-9s %-16s %12s %10s\n", "P->C", "TRANSPORT", "MSGS/S", "VS 1->1"
		for (i = 1; i <= keys; i++) med[order[i]] = median(order[i])
		for (i = 1; i <= keys; i++) {
			split(order[i], f, " ")
			one = med["1 1 " f[3]]
			ratio = one ? med[order[i]] / one : 0
			printf "%-9s %-16s %10.2f M %9.2fx\n", f[1] "->" f[2], f[3],
				med[order[i]] / 1e6, ratio
		}
	}' "$results"
