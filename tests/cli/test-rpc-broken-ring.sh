#!/usr/bin/env bash
# A channel whose own header is sound, served, but one of whose rings is
# broken: `rpc call` said "cannot connect: not a sharedmem segment, or its
# header is corrupt or truncated", the generic words, though the list
# says what is wrong with the ring.  It names the ring and says why.
# The same words came of a sound ring whose node size is not the
# channel's packet size: it says so.
. "$(dirname "$0")/lib.sh"

# broken_ring CHANNEL SUFFIX: the ring's file replaced by 7 bytes.
broken_ring() {
	rm -f "/dev/shm/sm.$1$2"
	printf garbage >"/dev/shm/sm.$1$2"
}

for suffix in .c2s .s2c; do
	ch=$(t_name "ring${suffix#.}")
	bg "$SM_CLI" create rpc "$ch" --hold
	wait_ready "$ch"
	broken_ring "$ch" "$suffix"
	expect 1 "$SM_CLI" rpc call "$ch" echo hi --connect-timeout 2000
	err_has "segment '$ch': cannot connect: its $suffix ring: too short for a header (7 bytes)"
done

# A sound ring of another node size in the ring's place.
for suffix in .c2s .s2c; do
	ch=$(t_name "size${suffix#.}")
	bg "$SM_CLI" create rpc "$ch" --nodes 4 --packet-size 512 --hold
	wait_ready "$ch"
	rm -f "/dev/shm/sm.$ch$suffix"
	expect 0 "$SM_CLI" create ring "$ch$suffix" --nodes 4 --node-size 256
	expect 1 "$SM_CLI" rpc call "$ch" echo hi --connect-timeout 2000
	err_has "segment '$ch': cannot connect: its $suffix ring's node size (256) is not its packet size (512)"
done
exit 0
