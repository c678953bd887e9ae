#!/usr/bin/env bash
# The file named just 'sm.' in /dev/shm (a segment name that is empty):
# list showed its name as nothing (a row starting with blanks) and rm
# --force '' said "removed " and nothing; both now show its path,
# /dev/shm/sm., as the workbench does.  The name is one for the whole
# machine: this test runs alone (is_parallel: false), and leaves a file of
# that name it did not make alone.
. "$(dirname "$0")/lib.sh"
f=/dev/shm/sm.
[ -e "$f" ] && { echo "$f exists already: skipped" >&2; exit 77; }
printf 'not a segment' >"$f"
trap 'rm -f "$f"; t_cleanup' EXIT
expect 0 "$SM_CLI" list
grep -q '^/dev/shm/sm\. .*broken' "$T_TMP/out" || { cat "$T_TMP/out" >&2; fail "list: no row named /dev/shm/sm."; }
grep -q '^ ' "$T_TMP/out" && { cat "$T_TMP/out" >&2; fail "list: a row with a blank name"; }
expect 0 "$SM_CLI" list --json # (JSON has the name itself)
json_check "'' in [s['name'] for s in d['segments']]"
expect 0 "$SM_CLI" rm --force ''
out_has "removed /dev/shm/sm."
[ -e "$f" ] && fail "rm --force '' left $f"
expect 1 "$SM_CLI" rm --force ''
err_has "segment '/dev/shm/sm.': no such segment"
exit 0
