#!/usr/bin/env bash
# A create that fails because a name is taken names the file it failed on:
# the first of NAME, NAME.c2s, NAME.s2c (the order a channel is made in)
# that is in the way.  With --replace-stale a stale segment is not in the
# way (it is replaced).  It named a sound segment (a stale ring) before a
# file that is not one: 'rpc serve --replace-stale' over a broken channel
# (its control file of another protocol version) blamed its stale ring
# and offered --replace-stale, which had been given.
. "$(dirname "$0")/lib.sh"

# blames FILE TEXT CMD...: CMD fails naming FILE with TEXT, and no other
# file of the channel (after the "segment 'NAME': " all errors start with;
# a name is quoted, or stands alone in a command).
blames() {
	local file=$1 text=$2 base other
	shift 2
	expect 1 "$@"
	err_has "$text"
	base=${file%.c2s}
	base=${base%.s2c}
	for other in "$base" "$base.c2s" "$base.s2c"; do
		[ "$other" = "$file" ] && continue
		sed "s/^[^:]*: segment '[^']*': //" "$T_TMP/err" | grep -qE -- "[' ]${other//./\\.}([' ]|\$)" &&
			{ cat "$T_TMP/err" >&2; fail "'$*' names $other"; }
	done
	return 0
}

# A broken control file (another protocol version) and the stale rings of
# its dead creator: the control file is in the way, with or without
# --replace-stale, for a channel and for a ring alike.
ver=$(t_name ver)
expect 0 "$SM_CLI" create rpc "$ver"
t_patch "$ver" 112 '\x02'
broken="a file of that name exists that is not a segment (its RPC parameters are of a protocol version this library does not know): 'sharedmem rm --force $ver' removes it"
for stale in "" --replace-stale; do
	blames "$ver" "$broken" "$SM_CLI" rpc serve "$ver" $stale
	blames "$ver" "$broken" "$SM_CLI" create rpc "$ver" $stale
	blames "$ver" "$broken" "$SM_CLI" create ring "$ver" --nodes 2 --node-size 64 $stale
done
# (the advice holds: rm --force takes its rings too)
expect 0 "$SM_CLI" rm --force "$ver"
expect 0 "$SM_CLI" create rpc "$ver"

# No control file; a stale NAME.c2s, a live NAME.s2c: without
# --replace-stale the stale ring is in the way, with it the live one.
two=$(t_name two)
expect 0 "$SM_CLI" create ring "$two.c2s" --nodes 2 --node-size 64
bg "$SM_CLI" create ring "$two.s2c" --nodes 2 --node-size 64 --hold
wait_for "$two.s2c"
blames "$two.c2s" "its ring '$two.c2s' exists (its owner is dead: --replace-stale replaces it)" \
	"$SM_CLI" create rpc "$two"
for cmd in "rpc serve" "create rpc"; do
	# shellcheck disable=SC2086
	blames "$two.s2c" "its ring '$two.s2c' exists (and its owner is alive)" \
		"$SM_CLI" $cmd "$two" --replace-stale
done

# A stale channel (its creator dead) whose NAME.c2s is not a segment:
# without --replace-stale the stale control segment is in the way, with
# it the file that is not a segment.
bad=$(t_name bad)
expect 0 "$SM_CLI" create rpc "$bad"
printf 'garbage' >"/dev/shm/sm.$bad.c2s"
blames "$bad" "a segment of that name exists (its owner is dead: --replace-stale replaces it)" \
	"$SM_CLI" rpc serve "$bad"
blames "$bad.c2s" "its ring '$bad.c2s' exists but is not a segment (too short for a header (7 bytes)): 'sharedmem rm --force $bad.c2s' removes it" \
	"$SM_CLI" rpc serve "$bad" --replace-stale
exit 0
