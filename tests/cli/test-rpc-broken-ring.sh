#!/usr/bin/env bash
# A channel whose own header is sound, served, but one of whose rings is
# broken: `rpc call` said "cannot connect: not a sharedmem segment, or its
# header is corrupt or truncated", the generic words, though the list
# says what is wrong with the ring.  It names the ring and says why.
. "$(dirname "$0")/lib.sh"

# broken_ring CHANNEL SUFFIX: the ring's file replaced by 7 bytes.
broken_ring() {
	rm -f "/dev/shm/sm.$1$2"
	printf garbage >"/dev/shm/sm.$1$2"
}

for suffix in .c2s .s2c; do
	ch=$(t_name "ring${suffix#.}")
	bg "$SM_CLI" create rpc "$ch" --hold
	wait_for "$ch"
	broken_ring "$ch" "$suffix"
	expect 1 "$SM_CLI" rpc call "$ch" echo hi --connect-timeout 2000
	err_has "segment '$ch': cannot connect: its $suffix ring: too short for a header (7 bytes)"
done
exit 0
