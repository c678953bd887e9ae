#!/usr/bin/env bash
# name-taken.sh SHAREDMEM PROGRAM NAME — run an example program when the
# name it creates is already taken (a stale buffer, left by `sharedmem
# create`): it must fail as a program should, exit status 1 and a line on
# stderr that names the segment, not crash or end without a word.  Only in
# a /dev/shm of its own (run-example.sh): it makes and removes NAME.
set -u
[ "${SM_OWN_SHM:-}" = 1 ] || { echo "no /dev/shm of our own: skipped"; exit 77; }
cli=$1 program=$2 name=$3
"$cli" create buffer "$name" --size 64 >/dev/null || exit 1
err=$("$program" 2>&1 >/dev/null)
rc=$?
"$cli" rm "$name" >/dev/null
echo "$(basename "$program") with '$name' taken: exit status $rc, stderr: $err"
[ "$rc" = 1 ] && [[ "$err" == *"$name"* ]]
