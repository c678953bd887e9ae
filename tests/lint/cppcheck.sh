#!/usr/bin/env bash
# cppcheck.sh SOURCE_ROOT — static analysis of core/ (the library); any
# finding fails.  Suppress one only inline, with a comment saying why:
#   /* cppcheck-suppress <id> ; reason */
# One rule is off everywhere: readdirCalled advises readdir_r(), which glibc
# and POSIX deprecate; readdir() on a DIR* private to the caller is safe.
set -u
root=$1
command -v cppcheck >/dev/null || { echo "cppcheck not installed; skipped"; exit 77; }
out=$(cppcheck --enable=warning,style,performance,portability --std=c11 \
	--inline-suppr --error-exitcode=1 --quiet --template=gcc \
	--suppress=missingIncludeSystem --suppress=readdirCalled --library=posix \
	-D_GNU_SOURCE -D__linux__ -I "$root/core/include" -I "$root/core/src" \
	"$root/core/src" 2>&1)
rc=$?
files=$(find "$root/core/src" -name '*.c' | wc -l)
if [ $rc -ne 0 ] || [ -n "$out" ]; then
	echo "$out"
	echo "cppcheck: findings in core/ (see above)"
	exit 1
fi
echo "cppcheck: $files files in core/src, no findings"
