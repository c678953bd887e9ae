#!/usr/bin/env bash
# Set up (Debian packages, only when missing), build, and start the
# workbench with a demo ring and RPC channel already busy.
set -eu
cd "$(dirname "$0")"
./.ci/deps
# Quiet unless it fails: meson prints its errors on stdout, so keep them.
reconfigure=()
[ -f build/build.ninja ] && reconfigure=(--reconfigure)
log=$(meson setup "${reconfigure[@]}" build 2>&1) ||
  { printf '%s\n' "$log" >&2; echo "meson setup build failed" >&2; exit 1; }
ninja -C build
if [ -x build/app/sharedmem-workbench ]; then
  exec build/app/sharedmem-workbench --demo "$@"
fi
echo "The workbench is not built (GTK4 missing?); listing segments instead." >&2
exec build/app/sharedmem list
