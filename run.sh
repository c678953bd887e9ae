#!/usr/bin/env bash
# Set up (Debian packages, only when missing), build, and start the
# workbench with a demo ring and RPC channel already busy.
set -eu
cd "$(dirname "$0")"
./.ci/deps
if [ -f build/build.ninja ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
ninja -C build
if [ -x build/app/sharedmem-workbench ]; then
  exec build/app/sharedmem-workbench --demo "$@"
fi
echo "The workbench is not built (GTK4 missing?); listing segments instead." >&2
exec build/app/sharedmem list
