#!/usr/bin/env bash
# list and inspect show names and labels that anyone can make (found in
# review): a foreign sm.* file with its real stat and whole name, control
# characters and bytes that are not UTF-8 as \xHH in tables, and JSON
# strings that give the bytes back (surrogateescape).
. "$(dirname "$0")/lib.sh"

tag="t-cli-${T_TAG#test-}"
long="$tag-$(printf 'f%.0s' $(seq 80))-$$"          # over SM_NAME_MAX (48)
ctl="$tag-$(printf 'ctl\033[31m\nX\377\303\251')-$$"  # ESC, newline, 0xff, é
printf 'hello' >"/dev/shm/sm.$long"
chmod 0640 "/dev/shm/sm.$long"
printf 'x' >"/dev/shm/sm.$ctl"

no_raw_controls() {
	if LC_ALL=C grep -q $'\033' "$T_TMP/out"; then
		cat -v "$T_TMP/out" >&2
		fail "a raw ESC reached the table"
	fi
}

# Table: the whole long name; the other one escaped on one line.
expect 0 "$SM_CLI" list
no_raw_controls
out_has "$long "
out_has "$tag-ctl\\x1b[31m\\x0aX\\xffé-$$ "
grep -F "$long " "$T_TMP/out" | grep -qF "rw-r-----" || fail "the foreign file's real mode is not shown"

# JSON: real stat, whole names, bytes back through surrogateescape.
expect 0 "$SM_CLI" list --json
json_check "[(s['file_size'], s['mode'], s['status']) for s in d['segments'] if s['name'] == '$long'] == [(5, '0640', 'broken')]"
json_check "[s['file_size'] for s in d['segments'] if s['name'].encode('utf-8', 'surrogateescape') == b'$tag-ctl\\x1b[31m\\nX\\xff\\xc3\\xa9-$$'] == [1]"
LC_ALL=C grep -q $'\377' "$T_TMP/out" && fail "a raw byte that is not UTF-8 in the JSON"
out_has '\udcff'

# Why a broken file is broken, where stat says it: a directory, a link
# (not followed), an empty file, one too short for a header; other
# garbage keeps the general reason.  Table and JSON say the same.
dir="$tag-dir-$$"
mkdir "/dev/shm/sm.$dir"
trap 'rmdir "/dev/shm/sm.$dir" 2>/dev/null; t_cleanup' EXIT
ln -s /dev/null "/dev/shm/sm.$tag-link-$$"
: >"/dev/shm/sm.$tag-empty-$$"
printf 'short' >"/dev/shm/sm.$tag-short-$$"
head -c 300 /dev/zero | tr '\0' 'g' >"/dev/shm/sm.$tag-junk-$$"
printf 'x' >"/dev/shm/sm.$tag-a space-$$"
expect 0 "$SM_CLI" list
reason_is() { # NAME REASON: the table's line for NAME ends in "broken: REASON"
	grep -F "$1 " "$T_TMP/out" | grep -qF -- "broken: $2" ||
		fail "$1: not 'broken: $2' in: $(grep -F "$1 " "$T_TMP/out")"
}
reason_is "$dir" "a directory, not a segment file"
reason_is "$tag-link-$$" "a symbolic link (not followed)"
reason_is "$tag-empty-$$" "empty file"
reason_is "$tag-short-$$" "too short for a header (5 bytes)"
reason_is "$tag-junk-$$" "not a sharedmem segment, or its header is corrupt or truncated"
# A name the library never gives a segment says so (it said "invalid
# argument (name, size, count or flag)" or "segment name too long").
reason_is "$long" "a name sharedmem never gives a segment (a foreign file)"
reason_is "$tag-a space-$$" "a name sharedmem never gives a segment (a foreign file)"
expect 0 "$SM_CLI" list --json
json_check "[s['error'] for s in d['segments'] if s['name'] == '$dir'] == ['a directory, not a segment file']"
json_check "[(s['status'], s['error_code']) for s in d['segments'] if s['name'] == '$tag-empty-$$'] == [('broken', 'EBADMSG')]"

# inspect --hex dumps a header only where one was read: the junk file's
# bytes, but nothing for a link (not followed) or a directory, however
# large stat says they are (it dumped 256 zero bytes as their "header").
ln -s "/$(printf 'l%.0s' $(seq 300))" "/dev/shm/sm.$tag-longlink-$$"
for i in $(seq 20); do : >"/dev/shm/sm.$dir/f$i"; done
trap 'rm -rf "/dev/shm/sm.$dir"; t_cleanup' EXIT
expect 1 "$SM_CLI" inspect --hex "$tag-junk-$$"
out_has "00000000  67 67 67"
for f in "$tag-longlink-$$" "$dir"; do
	expect 1 "$SM_CLI" inspect --hex "$f"
	[ -s "$T_TMP/out" ] && { cat "$T_TMP/out" >&2; fail "inspect --hex $f: a header that was never read"; }
done

# A label that tries to clear the screen and forge a line.
lab=$(t_name label)
bg "$SM_CLI" create buffer "$lab" --size 64 --label "$(printf 'a\033[2J\nok fake')" --hold
wait_for "$lab"
expect 0 "$SM_CLI" inspect "$lab"
no_raw_controls
out_has 'a\x1b[2J\x0aok fake'
expect 0 "$SM_CLI" inspect --json "$lab"
json_check "d['segment']['label'] == 'a\\x1b[2J\\nok fake'"
# rm: a foreign file's name is not a segment name; --force removes the
# file that list shows under it (and nothing outside /dev/shm).
odd="$tag-odd name-$$"
printf 'x' >"/dev/shm/sm.$odd"
expect 2 "$SM_CLI" rm "$odd"
[ -e "/dev/shm/sm.$odd" ] || fail "rm without --force removed a foreign file"
expect 0 "$SM_CLI" rm --force "$odd"
[ -e "/dev/shm/sm.$odd" ] && fail "rm --force left the foreign file"
expect 1 "$SM_CLI" rm --force "../$tag-$$"
# ...and names it as list does, in its message and on the terminal.
expect 0 "$SM_CLI" rm --force "$ctl"
no_raw_controls
out_has "removed $tag-ctl\x1b[31m\x0aX\xffé-$$"
expect 1 "$SM_CLI" rm --force "$ctl" # (gone: one line, escaped)
err_has "segment '$tag-ctl\x1b[31m\x0aX\xffé-$$': no such segment"
# A bad name given to any command is shown so too (the error is one line).
expect 2 "$SM_CLI" inspect "$ctl"
[ "$(wc -l <"$T_TMP/err")" = 1 ] || { cat -v "$T_TMP/err" >&2; fail "a bad name's error is not one line"; }
err_has "bad segment name '$tag-ctl\x1b[31m\x0aX\xffé-$$'"

# A ring whose header is sound but whose params no longer match its size
# (node_count, at the params' start, 112, changed from 8 to 16) is broken,
# as its open says, not stale: list judges it by the same check.
ring=$(t_name ring)
bg "$SM_CLI" create ring "$ring" --nodes 8 --node-size 64 --hold
wait_for "$ring"
expect 0 "$SM_CLI" list --json
json_check "[s['status'] for s in d['segments'] if s['name'] == '$ring'] == ['ok']"
t_patch "$ring" 112 '\x10\x00\x00\x00'
expect 0 "$SM_CLI" list --json
json_check "[(s['status'], s['error'], s['error_code']) for s in d['segments'] if s['name'] == '$ring'] == [('broken', 'its ring parameters do not match its size', 'EBADMSG')]"
expect 0 "$SM_CLI" list
reason_is "$ring" "its ring parameters do not match its size"
expect 1 "$SM_CLI" ring get "$ring" --count 1 --timeout 0
# inspect says why in list's words (it said "not a sharedmem segment, or
# its header is corrupt or truncated"; for an RPC channel of another
# protocol version, "segment has a layout version this library does not
# know", though its layout version is this library's).
expect 1 "$SM_CLI" inspect "$ring"
err_has "segment '$ring': its ring parameters do not match its size"
rpc=$(t_name rpc)
bg "$SM_CLI" create rpc "$rpc" --hold
wait_ready "$rpc"
t_patch "$rpc" 112 '\x02'
expect 1 "$SM_CLI" inspect "$rpc"
err_has "segment '$rpc': its RPC parameters are of a protocol version this library does not know"
# rm (and ring get) refuse such a file in the same words (rm said "not a
# sharedmem segment, or its header is corrupt or truncated" for the ring
# and for a file with holes, and "segment has a layout version this
# library does not know", with no word of --force, for the channel).
expect 1 "$SM_CLI" ring get "$ring" --count 1 --timeout 0
err_has "segment '$ring': its ring parameters do not match its size"
expect 1 "$SM_CLI" rm "$ring"
err_has "segment '$ring': its ring parameters do not match its size; --force removes it anyway"
expect 1 "$SM_CLI" rm "$rpc"
err_has "segment '$rpc': its RPC parameters are of a protocol version this library does not know; --force removes it anyway"
[ -e "/dev/shm/sm.$rpc" ] || fail "rm without --force removed a channel of another version"
holes=$(t_name holes) model=$(t_name model)
expect 0 "$SM_CLI" create ring "$model" --nodes 8 --node-size 64
head -c 4096 "/dev/shm/sm.$model" >"/dev/shm/sm.$holes"
truncate -s 1M "/dev/shm/sm.$holes"
expect 1 "$SM_CLI" rm "$holes"
err_has "segment '$holes': a file with holes (made by hand, not by sharedmem); --force removes it anyway"
expect 0 "$SM_CLI" rm --force "$holes" "$rpc"

# create (and rpc serve) over a file that is not a segment said "a segment
# of that name exists" (inspect: "not a sharedmem segment"), which
# --replace-stale cannot replace; it says what the file is, and how to
# remove it.  Likewise for a channel whose ring's name is such a file.
junk=$(t_name junk)
printf 'garbage' >"/dev/shm/sm.$junk"
for cmd in "create ring $junk --nodes 2 --node-size 8" "create ring $junk --nodes 2 --node-size 8 --replace-stale" \
	"rpc serve $junk"; do
	# shellcheck disable=SC2086
	expect 1 "$SM_CLI" $cmd
	err_has "segment '$junk': cannot create"
	err_has "a file of that name exists that is not a segment (too short for a header (7 bytes)): 'sharedmem rm --force $junk' removes it"
done
jch=$(t_name jch)
printf 'garbage' >"/dev/shm/sm.$jch.s2c"
expect 1 "$SM_CLI" rpc serve "$jch"
err_has "its ring '$jch.s2c' exists but is not a segment (too short for a header (7 bytes)): 'sharedmem rm --force $jch.s2c' removes it"
[ -e "/dev/shm/sm.$jch" ] && fail "rpc serve left $jch"
exit 0
