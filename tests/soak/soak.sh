#!/usr/bin/env bash
# soak.sh [MINUTES] [extra crash-inject options] — a long run of mixed ring
# and RPC traffic with periodic kills, sampling the resident memory of every
# process; reports whether the processes that lived the whole run stayed
# flat.  Not part of CI.  Example: tests/soak/soak.sh 30
#
# It runs crash-inject --soak: producer 0, consumer 0 and the RPC server live
# the whole run (their memory is watched); the other producer and consumer,
# the ring owner and the RPC client are SIGKILLed every 2..5 s and
# restarted.  Producers are paced (--rate, messages/s each) so the run can
# last; the end checks the same accounting as the CI crash test.
set -eu
cd "$(dirname "$0")/../.."
minutes=${1:-10}
shift || true
if [ ! -x build/tests/crash/crash-inject ]; then
	[ -f build/build.ninja ] || meson setup build >/dev/null
	ninja -C build tests/crash/crash-inject
fi
log=soak-$(date +%Y%m%d-%H%M%S).log
echo "soak: $minutes min, log in $log"
build/tests/crash/crash-inject --soak --seconds $((minutes * 60)) --kill-ms 2000:5000 \
	--rate 2000 --rss-every 10 "$@" | tee "$log"
