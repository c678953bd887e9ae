#!/usr/bin/env bash
# Runtime errors exit 1 with one clear line naming the segment: missing
# segments, corrupted header files, files that are not segments.
. "$(dirname "$0")/lib.sh"

missing=$(t_name missing)
expect 1 "$SM_CLI" inspect "$missing"
err_has "segment '$missing': no such segment"
expect 1 "$SM_CLI" rm "$missing"
err_has "no such segment"
expect 1 "$SM_CLI" ring put "$missing" --data x
err_has "segment '$missing'"
expect 1 "$SM_CLI" ring get "$missing" --timeout 0
err_has "segment '$missing'"
expect 1 "$SM_CLI" rpc call "$missing" echo hi --connect-timeout 0
err_has "segment '$missing': cannot connect: no such segment"

# A short file, random bytes, and a good-looking magic with a truncated body.
short=$(t_name short)
plant "$short" 'not a segment'
expect 1 "$SM_CLI" inspect "$short"
err_has "segment '$short': too short for a header (13 bytes)"
expect 1 "$SM_CLI" inspect --hex "$short"
expect 1 "$SM_CLI" ring get "$short" --timeout 0
err_has "segment '$short'"

garbage=$(t_name garbage)
head -c 4096 /dev/urandom >"/dev/shm/sm.$garbage"
expect 1 "$SM_CLI" inspect "$garbage"
err_has "not a sharedmem segment"
# --hex still shows what is there, and says what is wrong.
"$SM_CLI" inspect --hex "$garbage" >"$T_TMP/out" 2>"$T_TMP/err"
[ $? = 1 ] || fail "inspect --hex of a corrupt file should exit 1"
out_has "00000000"

# A real header on a truncated file, and one with an unknown layout version.
src=$(t_name src)
expect 0 "$SM_CLI" create buffer "$src" --size 4K
trunc=$(t_name trunc)
head -c 256 "/dev/shm/sm.$src" >"/dev/shm/sm.$trunc"
expect 1 "$SM_CLI" inspect "$trunc"
err_has "segment '$trunc': not a sharedmem segment, or its header is corrupt or truncated"
newer=$(t_name newer)
cp "/dev/shm/sm.$src" "/dev/shm/sm.$newer"
t_patch "$newer" 8 '\x63'
expect 1 "$SM_CLI" inspect "$newer"
err_has "layout version"
expect 1 "$SM_CLI" ring put "$newer" --data x
err_has "segment '$newer'"

# A ring whose creator died before publishing it: said at once, with its pid
# (not "not ready, try again", for ever).
ring=$(t_name ring)
expect 0 "$SM_CLI" create ring "$ring" --nodes 4 --node-size 64
unpublished=$(t_name unpublished)
cp "/dev/shm/sm.$ring" "/dev/shm/sm.$unpublished"
t_patch "$unpublished" 20 '\x00'
pid=$(od -An -tu4 -j48 -N4 "/dev/shm/sm.$unpublished" | tr -d ' ')
expect 1 "$SM_CLI" ring put "$unpublished" --data x
err_has "segment '$unpublished': never finished: its creator, pid $pid, died before publishing it"

# A creation time in the future (a clock set back, a damaged header) is
# said to be, not shown as age 0s (brand new).
future=$(t_name future)
cp "/dev/shm/sm.$src" "/dev/shm/sm.$future"
t_patch "$future" 64 '\xff\xff\xff\xff\xff\xff\xff\x7f'
expect 0 "$SM_CLI" inspect "$future"
out_has "age in the future"
expect 0 "$SM_CLI" list
grep "^$future " "$T_TMP/out" | grep -q " in the future " || fail "list shows another age: $(grep "^$future " "$T_TMP/out")"
# ... and the table still lines up: its AGE (right-aligned) ends under the
# heading's, and what follows starts under ATTACHED (the age was wider
# than its column and pushed the rest of its line right).
python3 - "$T_TMP/out" "$future" <<'PY' || fail "list: the table does not line up around 'in the future'"
import sys
lines = open(sys.argv[1], encoding='utf-8', errors='replace').read().splitlines()
head = lines[0]
row = next(l for l in lines if l.startswith(sys.argv[2] + ' '))
age_end = head.index(' AGE ') + len(' AGE')
attached = head.index(' ATTACHED ') + 1
ok = row[:age_end].endswith(' in the future') and row[age_end] == ' ' and \
     row[attached - 1] == ' ' and row[attached] != ' '
if not ok:
    print(head, row, sep='\n', file=sys.stderr)
sys.exit(0 if ok else 1)
PY

# The list shows broken files as broken, never fails on them.
expect 0 "$SM_CLI" list
out_has "$garbage"
expect 0 "$SM_CLI" list --json
json_check "[s['status'] for s in d['segments'] if s['name'] == '$garbage'] == ['broken']"
json_check "[s['error_code'] for s in d['segments'] if s['name'] == '$short'] == ['EBADMSG']"

# rm refuses what is not a segment unless forced.
expect 1 "$SM_CLI" rm "$garbage"
err_has "--force"
[ -e "/dev/shm/sm.$garbage" ] || fail "rm removed a foreign file without --force"
expect 0 "$SM_CLI" rm --force "$garbage"
[ -e "/dev/shm/sm.$garbage" ] && fail "rm --force left the file"
expect 0 "$SM_CLI" rm --force --json "$short"
json_check "d['removed'] == ['$short']"
exit 0
