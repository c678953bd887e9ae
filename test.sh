#!/usr/bin/env bash
# Set up (Debian packages, only when missing), build, and run every test.
# Ends with the reliability counts the tests report (.ci/counts: kills
# survived, messages checked; with --full, inputs fuzzed too), then
# "N skipped" and "N passed, N failed".  ./test.sh --full adds the
# sanitizer builds (ASan+UBSan, TSan) of the core, RPC and CLI tests (not
# the docs checks) and the libFuzzer targets (clang).
set -u
cd "$(dirname "$0")"
./.ci/deps || { echo "installing the packages failed"; echo "0 passed, 1 failed"; exit 1; }
full=0
[ "${1:-}" = "--full" ] && full=1

setup_only() { # dir, extra meson args...
  local dir=$1 log reconfigure=(); shift
  [ -f "$dir/build.ninja" ] && reconfigure=(--reconfigure)
  # Quiet unless it fails: meson prints its errors on stdout, so keep them.
  log=$(meson setup "${reconfigure[@]}" "$dir" "$@" 2>&1) ||
    { printf '%s\n' "$log"; echo "meson setup $dir failed"; return 1; }
}
setup() { # dir, extra meson args...
  setup_only "$@" || { echo "0 passed, 1 failed"; exit 1; }
  ninja -C "$1" || { echo "build in $1 failed"; echo "0 passed, 1 failed"; exit 1; }
}

export GSK_RENDERER=cairo GTK_A11Y=test GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
logs=()
setup build
xvfb-run -a meson test -C build --print-errorlogs --no-rebuild
logs+=(build/meson-logs/testlog.json)

if [ $full = 1 ]; then
  setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dworkbench=disabled
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --print-errorlogs --no-rebuild --suite core --suite rpc --suite cli --no-suite docs
  logs+=(build-asan/meson-logs/testlog.json)
  setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dworkbench=disabled
  # (TSan looks only at threads: suite tsan-skip is in tests/cli/meson.build)
  TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/.ci/tsan.supp" \
    meson test -C build-tsan --print-errorlogs --no-rebuild --suite core --suite rpc --suite cli \
    --no-suite docs --no-suite tsan-skip
  logs+=(build-tsan/meson-logs/testlog.json)
  # libFuzzer targets (clang, ASan+UBSan), each for SM_FUZZ_SECONDS (30).
  rm -f build-fuzz/build-failed.json
  if CC=clang setup_only build-fuzz -Dfuzzing=true -Dworkbench=disabled &&
     ninja -C build-fuzz fuzzers; then
    # All three at once (2 cores): 30 s, not 90.
    meson test -C build-fuzz --print-errorlogs --no-rebuild --suite fuzz --num-processes 3
    logs+=(build-fuzz/meson-logs/testlog.json)
  else # counted as one failed test
    mkdir -p build-fuzz && echo '{"name": "fuzz-build", "result": "FAIL"}' >build-fuzz/build-failed.json
    logs+=(build-fuzz/build-failed.json)
  fi
fi
python3 .ci/counts "${logs[@]}"
python3 .ci/summarize "${logs[@]}"
