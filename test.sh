#!/usr/bin/env bash
# Set up (Debian packages, only when missing), build, and run every test.
# Ends with a line "N passed, N failed".  ./test.sh --full adds the
# sanitizer builds (ASan+UBSan, TSan) of the core and CLI tests.
set -u
cd "$(dirname "$0")"
./.ci/deps || exit 1
full=0
[ "${1:-}" = "--full" ] && full=1

setup() { # dir, extra meson args...
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then meson setup --reconfigure "$dir" "$@" >/dev/null
  else meson setup "$dir" "$@" >/dev/null; fi || { echo "meson setup $dir failed"; exit 1; }
  ninja -C "$dir" || { echo "build in $dir failed"; echo "0 passed, 1 failed"; exit 1; }
}

export GSK_RENDERER=cairo GTK_A11Y=test GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
logs=()
setup build
xvfb-run -a meson test -C build --print-errorlogs --no-rebuild
logs+=(build/meson-logs/testlog.json)

if [ $full = 1 ]; then
  setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dworkbench=disabled
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --print-errorlogs --no-rebuild --suite core --suite rpc --suite cli
  logs+=(build-asan/meson-logs/testlog.json)
  setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dworkbench=disabled
  TSAN_OPTIONS=halt_on_error=1 \
    meson test -C build-tsan --print-errorlogs --no-rebuild --suite core --suite rpc
  logs+=(build-tsan/meson-logs/testlog.json)
fi
python3 .ci/summarize "${logs[@]}"
