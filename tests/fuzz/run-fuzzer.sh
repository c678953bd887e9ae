#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SEED_DIR — run one libFuzzer target for a bounded
# time (SM_FUZZ_SECONDS, default 30) from its seed corpus.  Any crash, hang
# (-timeout), leak or sanitizer report fails the test; the crashing input is
# kept under fuzz-artifacts/ in the working directory and shown in base64.
# Prints "count: fuzz <target>: N inputs executed".
set -u
bin=$1 seeds=$2
secs=${SM_FUZZ_SECONDS:-30}
target=$(basename "$bin")
work=$(mktemp -d "${TMPDIR:-/tmp}/$target.XXXXXX") || exit 1
mkdir -p "$work/corpus" fuzz-artifacts
trap 'rm -rf "$work"' EXIT

# libFuzzer's default exit codes (77 for a crash!) would read as "skipped":
# every failure exits 1 here.
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
	-error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
	-artifact_prefix="$PWD/fuzz-artifacts/$target-" \
	"$work/corpus" "$seeds" >"$work/log" 2>&1 &
pid=$!
wait $pid
rc=$?
rm -f /dev/shm/sm.fz-*-"$pid" # what a crashed input left behind

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
corpus=$(find "$work/corpus" -type f | wc -l)
if [ $rc -ne 0 ] || grep -qE '^(==[0-9]+==ERROR|SUMMARY: )|runtime error:' "$work/log"; then
	echo "$target FAILED (exit $rc); last lines of its log:"
	tail -n 60 "$work/log"
	exit 1
fi
echo "count: fuzz $target: ${runs:-0} inputs executed in ${secs} s ($corpus new corpus files)"
[ -n "$runs" ] && [ "$runs" -gt 0 ]
