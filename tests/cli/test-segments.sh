#!/usr/bin/env bash
# create, list, inspect (--json, --hex, --watch), rm for buffers and arrays.
. "$(dirname "$0")/lib.sh"

# Held by background creators, so that no gc elsewhere takes them.
buf=$(t_name buf)
arr=$(t_name arr)
bg "$SM_CLI" create buffer "$buf" --size 4K --label "cli test" --mode 0640 --hold
bg "$SM_CLI" create array "$arr" --count 10 --element-size 8 --hold
wait_for "$buf"
wait_for "$arr"

# Left behind by its creator: stale at once.
left=$(t_name left)
expect 0 "$SM_CLI" create --json array "$left" --count 3 --element-size 4
json_check "d['name'] == '$left' and d['kind'] == 'array' and d['total_size'] > 256 and d['held'] is False"
json_keys_in_help create
expect 0 "$SM_CLI" list --json
json_check "[s['stale'] for s in d['segments'] if s['name'] == '$left'] in ([True], [])"
expect 0 "$SM_CLI" create buffer "$(t_name small)" --size 100
out_has "created buffer"

# create rpc: the channel's whole size (control segment and its two rings);
# it said only the control segment's ("1.3 KiB" for some 4 MiB).  JSON keeps
# total_size as the control segment's, as list and inspect show it.
chan=$(t_name chan)
expect 0 "$SM_CLI" create --json rpc "$chan" --nodes 16 --packet-size 4K
python3 - "$T_TMP/out" "$chan" <<'PY' || fail "create rpc --json: the sizes"
import json, os, sys
d = json.load(open(sys.argv[1]))
size = lambda suffix: os.path.getsize("/dev/shm/sm." + sys.argv[2] + suffix)
rings = size(".c2s") + size(".s2c")
if (d["total_size"] != size("") or d.get("rings_size") != rings or
        d.get("channel_size") != size("") + rings or rings < 2 * 16 * 4096):
    sys.exit("%r; files: %d + %d" % (d, size(""), rings))
PY
json_keys_in_help create
chan2=$(t_name chan2)
expect 0 "$SM_CLI" create rpc "$chan2"
out_has "created rpc '$chan2' (4.0 MiB: a control segment of "
out_has " and two rings of 2.0 MiB)"

# Taken names, missing parameters, impossible sizes.
expect 1 "$SM_CLI" create buffer "$buf" --size 4K
err_has "segment '$buf'"
expect 2 "$SM_CLI" create buffer "$(t_name nosize)"
err_has "needs --size"
expect 2 "$SM_CLI" create array "$(t_name nocount)" --element-size 8
err_has "an array needs --count"
# A number too large for 64 bits is too large, not "not a size".
expect 2 "$SM_CLI" create buffer "$(t_name big)" --size 99999999999999999999
err_has "'99999999999999999999' is too large"
expect 2 "$SM_CLI" ring get "$(t_name big)" --count 99999999999999999999
err_has "'99999999999999999999' is out of range"
expect 2 "$SM_CLI" create array "$(t_name zero)" --count 0 --element-size 8
err_has "--count: 0 is out of range (1..4294967295)"
expect 2 "$SM_CLI" create ring "$(t_name one)" --nodes 1 --node-size 8
# What only the library can judge is a runtime error: far too large.
expect 1 "$SM_CLI" create buffer "$(t_name huge)" --size 4000000G
err_has "segment 't-cli-segments-huge"


# list: ours are there, as the kind they are, stale (creator gone, nobody attached).
expect 0 "$SM_CLI" list
out_has "$buf"
expect 0 "$SM_CLI" --json list
json_check "any(s['name'] == '$buf' and s['kind'] == 'buffer' and s['mode'] == '0640' and s['label'] == 'cli test' for s in d['segments'])"
json_check "all(set(s) >= {'name','kind','status','file_size','owner_pid','owner_alive','stale','mode','user','age_s','attached'} for s in d['segments'])"
json_check "[(s['stale'], s['owner_alive']) for s in d['segments'] if s['name'] == '$arr'] == [(False, True)]"

# list as another user: our 0600 segment is private to us, not broken.
priv=$(t_name private)
expect 0 "$SM_CLI" create buffer "$priv" --size 4K
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	expect 0 as_nobody "$SM_CLI" list
	grep -E "^$priv " "$T_TMP/out" | grep -qE ' private$' ||
		fail "another user's segment is not 'private': $(grep -E "^$priv " "$T_TMP/out")"
	expect 0 as_nobody "$SM_CLI" --json list
	json_check "[(s['status'], s['error_code']) for s in d['segments'] if s['name'] == '$priv'] == [('private', 'EACCES')]"
fi

# inspect: the header field by field, then the live state.
expect 0 "$SM_CLI" inspect "$arr"
out_has "magic"
out_has "(SHRDMEM1)"
out_has "array.element_size"
out_has "Live state:"
expect 0 "$SM_CLI" inspect --json "$arr"
json_check "d['segment']['name'] == '$arr'"
json_check "[f['offset'] for f in d['fields']][:3] == [0, 8, 12]"
json_check "{f['name']: f['raw'] for f in d['fields']}['kind'] == 2"
json_check "d['live']['length'] == 10 and d['live']['element_size'] == 8"
json_check "'hex' not in d"
expect 0 "$SM_CLI" inspect --json --hex "$buf"
json_check "len(d['hex']) == 16 and d['hex'][0].startswith('534852444')"
json_check "d['live']['size'] == 4096 and d['live']['lock']['writer_pid'] == 0"
expect 0 "$SM_CLI" inspect --hex "$buf"
out_has "|SHRDMEM1........|"
expect 0 "$SM_CLI" inspect --watch --count 2 "$buf"
[ "$(grep -c "^Segment '$buf'" "$T_TMP/out")" = 2 ] || fail "--watch --count 2 did not show it twice"

# A segment made by sm_segment_create() with no kind params (the generic
# API: its params block is all zeros) is ok to list and to open, so
# inspect shows it, without a kind's live state (it failed: "reading its
# live state: not a sharedmem segment, or its header is corrupt").
gen=$(t_name generic)
bg "$SM_CLI" create buffer "$gen" --size 64 --hold
wait_for "$gen"
dd if=/dev/zero of="/dev/shm/sm.$gen" bs=1 seek=112 count=64 conv=notrunc status=none
expect 0 "$SM_CLI" list --json
json_check "[s['status'] for s in d['segments'] if s['name'] == '$gen'] == ['ok']"
expect 0 "$SM_CLI" inspect "$gen"
out_has "buffer.data_size"
expect 0 "$SM_CLI" inspect --json --watch --count 2 "$gen"
[ "$(wc -l <"$T_TMP/out")" = 2 ] || fail "inspect --watch of a generic segment stopped"

# A segment not yet published (state INIT, at 20) has no live state yet:
# inspect shows its header, and --watch goes on until it is published (it
# waited 200 ms for it, then failed: "segment not ready", exit 1).
init=$(t_name init)
bg "$SM_CLI" create ring "$init" --nodes 4 --node-size 64 --hold
wait_for "$init"
t_patch "$init" 20 '\x00'
expect 0 "$SM_CLI" inspect "$init"
out_has "initialising"
expect 0 "$SM_CLI" inspect --json --watch --count 2 "$init"
[ "$(wc -l <"$T_TMP/out")" = 2 ] || fail "inspect --watch of an initialising segment stopped"
python3 -c 'import json, sys; sys.exit(any("live" in json.loads(l) for l in sys.stdin))' \
	<"$T_TMP/out" || fail "a live state before publication"
t_patch "$init" 20 '\x01'
expect 0 "$SM_CLI" inspect --json "$init"
json_check "d['live']['node_count'] == 4"

# rm: the name goes (its holder keeps its mapping); a second rm says so.
expect 0 "$SM_CLI" rm "$buf" "$arr"
out_has "removed $buf"
[ -e "/dev/shm/sm.$buf" ] && fail "rm left $buf"
expect 1 "$SM_CLI" rm "$buf"
err_has "no such segment"
expect 1 "$SM_CLI" inspect "$arr"
# A plain create interrupted (SIGINT, SIGTERM) while it made the segment:
# the signal, blocked meanwhile, killed it once let through, leaving the
# segment (an RPC channel with its rings) it never said was made, exit by
# signal.  It now removes it and says so (exit 1).  The signal is made
# pending before the exec, blocked, so it is let through where it would
# come during the create.
for kind in "buffer --size 1K" "rpc --nodes 2"; do
	intr=$(t_name intr)
	python3 - "$SM_CLI" "$intr" $kind <<'PY' || fail "create $kind, interrupted"
import os, signal, subprocess, sys
cli, name, kind = sys.argv[1], sys.argv[2], sys.argv[3:]
for sig in (signal.SIGINT, signal.SIGTERM):
    def pending_then_exec():
        signal.pthread_sigmask(signal.SIG_BLOCK, {sig})
        os.kill(os.getpid(), sig)
    p = subprocess.run([cli, "create", kind[0], name] + kind[1:], preexec_fn=pending_then_exec,
                       capture_output=True)
    left = [f for f in os.listdir("/dev/shm") if f.startswith("sm." + name)]
    if (p.returncode != 1 or b"interrupted; the segment is removed" not in p.stderr or left
            or p.stdout):
        sys.exit("create %s, %s: exit status %d, %r %r, left %s"
                 % (kind[0], sig.name, p.returncode, p.stdout, p.stderr, left))
PY
done
# Interrupted holders exit cleanly.
kill -INT "${T_PIDS[@]}"
wait "${T_PIDS[0]}" || fail "create --hold did not exit 0 on SIGINT"
exit 0
