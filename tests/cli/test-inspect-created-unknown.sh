#!/usr/bin/env bash
# inspect of a header whose created_ns is 0 (made by hand or by a foreign
# tool: sharedmem always records it) said "age -" in its summary line and
# "created unknown" in its fields a few lines below: one unknown time,
# said two ways.  The summary says "age unknown"; list's AGE column keeps
# "-", a table's mark for no value.
. "$(dirname "$0")/lib.sh"

buf=$(t_name buf)
expect 0 "$SM_CLI" create buffer "$buf" --size 1K
t_patch "$buf" 64 '\x00\x00\x00\x00\x00\x00\x00\x00' # created_ns
expect 0 "$SM_CLI" inspect "$buf"
grep -E "^ +64 +8 +created +unknown$" "$T_TMP/out" >/dev/null || { cat "$T_TMP/out" >&2; fail "created is not 'unknown'"; }
out_has "Segment '$buf': buffer, 2.3 KiB, owner "
out_has ", attached -, age unknown, stale"
expect 0 "$SM_CLI" list
grep -E "^$buf +buffer .* - +- +stale$" "$T_TMP/out" >/dev/null || { cat "$T_TMP/out" >&2; fail "list's age is not '-'"; }
exit 0
