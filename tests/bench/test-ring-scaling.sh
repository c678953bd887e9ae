#!/bin/bash
# test-ring-scaling.sh SCRIPT CLI: ring-scaling.sh, run tiny (2->2 at most,
# one round of 50 ms), prints a row with a rate for every configuration and
# transport it runs; and fails, saying so, when the benchmark cannot run.
set -u
script=$1 cli=$2
out=$(MAX=2 REPEAT=1 SECONDS_EACH=0.05 "$script" "$cli" 2>/dev/null) ||
	{ echo "FAIL: ring-scaling.sh exited $?" >&2; exit 1; }
for row in "1->1 sharedmem " "1->1 sharedmem-burst" "1->1 unix-seqpacket" "1->1 posix-mq" \
	"2->2 sharedmem " "2->2 sharedmem-burst" "2->2 unix-seqpacket" "2->2 posix-mq" \
	"1->2 sharedmem " "1->2 sharedmem-burst" "2->1 sharedmem " "2->1 sharedmem-burst"; do
	# A row: the configuration, the transport, a positive rate, a ratio.
	echo "$out" | tr -s ' ' | grep -q "^$row *[0-9]*\.[0-9]* M [0-9]*\.[0-9]*x$" ||
		{ echo "FAIL: no row '$row' with a rate in:" >&2; echo "$out" >&2; exit 1; }
done
echo "$out" | grep -q ' 0\.00 M' && { echo "FAIL: a zero rate:" >&2; echo "$out" >&2; exit 1; }
if MAX=2 REPEAT=1 SECONDS_EACH=0.05 "$script" /nonexistent/sharedmem >/dev/null 2>&1; then
	echo "FAIL: ring-scaling.sh succeeded without a benchmark to run" >&2
	exit 1
fi
echo "ok"
