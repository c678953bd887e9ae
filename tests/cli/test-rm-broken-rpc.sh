#!/usr/bin/env bash
# rm --force of a broken RPC channel (its control segment refused: another
# protocol version, or its params corrupted) removed the control file but
# left its rings NAME.c2s and NAME.s2c in /dev/shm for good while the
# creator lived.  Its rings go with it, as with plain rm of a sound
# channel: those its creator made, and no other ring under those names.
. "$(dirname "$0")/lib.sh"

gone() { # NAME...: none of these files is left
	local n
	for n in "$@"; do [ -e "/dev/shm/sm.$n" ] && fail "rm --force left $n"; done
	return 0
}

# Another protocol version (the params' version word, at 112), its
# creator alive.
ver=$(t_name ver)
bg "$SM_CLI" create rpc "$ver" --hold
wait_ready "$ver"
t_patch "$ver" 112 '\x02'
expect 1 "$SM_CLI" rm "$ver"
[ -e "/dev/shm/sm.$ver.c2s" ] || fail "plain rm of a broken channel removed its ring"
expect 0 "$SM_CLI" rm --force "$ver"
gone "$ver" "$ver.c2s" "$ver.s2c"

# Params corrupted (node_count, at 124, zero), its creator dead.
bad=$(t_name bad)
expect 0 "$SM_CLI" create rpc "$bad"
t_patch "$bad" 124 '\x00\x00\x00\x00'
# (rpc call said "no server on this channel", after its connect timeout:
# no server of this library can ever serve it.)
expect 1 "$SM_CLI" rpc call "$bad" echo hi --connect-timeout -1
err_has "segment '$bad': cannot connect: its RPC parameters are out of range or do not match its size"
expect 1 "$SM_CLI" rm "$bad"
expect 0 "$SM_CLI" rm --force "$bad"
gone "$bad" "$bad.c2s" "$bad.s2c"

# A ring under one of the names that another process made stays.
other=$(t_name other)
bg "$SM_CLI" create rpc "$other" --hold
wait_ready "$other"
t_patch "$other" 112 '\x02'
expect 0 "$SM_CLI" rm "$other.c2s" # (the channel is broken: not refused)
bg "$SM_CLI" create ring "$other.c2s" --nodes 8 --node-size 64 --hold
wait_for "$other.c2s"
expect 0 "$SM_CLI" rm --force "$other"
gone "$other" "$other.s2c"
[ -e "/dev/shm/sm.$other.c2s" ] || fail "rm --force of a channel removed another creator's ring"
exit 0
