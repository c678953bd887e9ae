#!/usr/bin/env bash
# Every option that takes a number refuses what is not one of its values
# (a sign, trailing garbage, nothing, more digits than 64 bits hold, 0
# where 0 means nothing) with a usage error (exit 2) whose first line
# names it: never a crash, a hang or a value wrapped into another.  And a
# size that the options multiply past the library's limits (nodes times
# node size) names the options that made it.
. "$(dirname "$0")/lib.sh"

n=$(t_name n) # never created: a value let through fails on the name at once

# refused OPTION VALUES -- ARGS...: `sharedmem ARGS...` with each of
# VALUES in place of '@' exits 2, its first line naming OPTION.
refused() {
	local opt=$1 values=() v a args
	shift
	while [ "$1" != -- ]; do values+=("$1"); shift; done
	shift
	for v in "${values[@]}"; do
		args=()
		for a in "$@"; do [ "$a" = @ ] && a=$v; args+=("$a"); done
		expect 2 timeout 10 "$SM_CLI" "${args[@]}"
		head -1 "$T_TMP/err" | grep -qF -- "$opt" ||
			fail "'sharedmem ${args[*]}': the error does not name $opt: $(head -1 "$T_TMP/err")"
	done
}

# Each parser once with everything that is not one of its numbers
# (trailing garbage, nothing, more digits than 64 bits hold, a blank, a
# sign, hex, 2^64, a fraction where a whole number goes, the range's
# edge).  Every option below goes through one of these parsers, so each
# is then tried with two values that show whether it is checked at all.
not_numbers=(10x "" 99999999999999999999 " 5" +5 0x10 18446744073709551616 1.5)
refused --size -1 0 "${not_numbers[@]}" -- create buffer "$n" --size @
refused --count -1 0 "${not_numbers[@]}" -- ring get "$n" --count @
refused --timeout -2 "${not_numbers[@]}" -- ring get "$n" --timeout @
refused --id -1 "${not_numbers[@]}" -- traffic produce "$n" --id @
refused --seconds 0 10x "" " 5" +5 0x10 1e3 inf -- bench ring --seconds @
# A count or size of at least 1.
positive() { refused "$1" 0 10x -- "${@:2}"; }
# A value that may be 0 (a rate, an id, a number of workers).
natural() { refused "$1" -1 10x -- "${@:2}"; }
# A timeout in ms: -1 is "for ever".
timeout_ms() { refused "$1" -2 10x -- "${@:2}"; }

positive --size create buffer "$n" --size @
positive --count create array "$n" --count @ --element-size 4
positive --element-size create array "$n" --count 4 --element-size @
positive --nodes create ring "$n" --nodes @ --node-size 64
positive --node-size create ring "$n" --nodes 4 --node-size @
positive --nodes create rpc "$n" --nodes @
positive --packet-size create rpc "$n" --packet-size @
positive --node-size create rpc "$n" --node-size @
positive --max-message create rpc "$n" --max-message @

positive --count inspect "$n" --watch --count @
timeout_ms --timeout ring put "$n" --data x --timeout @
positive --count ring get "$n" --count @
timeout_ms --timeout ring get "$n" --timeout @
timeout_ms --timeout rpc call "$n" echo x --timeout @
timeout_ms --connect-timeout rpc call "$n" echo x --connect-timeout @

for opt in --max-message --packet-size --node-size --nodes --calls; do
	positive $opt rpc serve "$n" $opt @
done
natural --workers rpc serve "$n" --workers @
natural --spin-us rpc serve "$n" --spin-us @

natural --id traffic produce "$n" --id @
positive --size traffic produce "$n" --size @
natural --rate traffic produce "$n" --rate @
positive --count traffic produce "$n" --count @
natural --rate traffic consume "$n" --rate @
positive --count traffic consume "$n" --count @

for opt in --producers --consumers --size --nodes --node-size --burst --seconds --count; do
	positive $opt bench ring $opt @ --transport sharedmem-burst
done
for opt in --callers --seconds --count --packet-size --node-size --nodes; do
	positive $opt bench rpc $opt @
done
natural --size bench rpc --size @
natural --spin-us bench rpc --spin-us @
natural --workers bench rpc --workers @
for opt in --seconds --count --repeat; do
	positive $opt bench compare $opt @
done

# The range an error states is the real one: a ring (and each ring of a
# channel) has 2..2^31 nodes of at most 2^30 bytes, an array at least one
# element.  (--nodes -1 said "0..4294967295", and 0 or 1 then failed on
# the kind's minimum.)
# states TEXT -- ARGS...: `sharedmem ARGS...` exits 2, its first line
# saying TEXT.
states() {
	local text=$1
	shift 2
	expect 2 timeout 10 "$SM_CLI" "$@"
	head -1 "$T_TMP/err" | grep -qF -- "$text" || fail "'sharedmem $*': says $(head -1 "$T_TMP/err")"
}
ring_nodes="out of range (2..2147483648)"
states "$ring_nodes" -- create ring "$n" --nodes -1 --node-size 64
states "$ring_nodes" -- create rpc "$n" --nodes 2147483649
states "$ring_nodes" -- rpc serve "$n" --nodes 1
states "$ring_nodes" -- bench ring --nodes 2147483649
states "$ring_nodes" -- bench rpc --nodes 2147483649
states "out of range (1..4294967295)" -- create array "$n" --count -1 --element-size 4
states "too large (at most 1073741824)" -- create ring "$n" --nodes 4 --node-size 2G
states "too large (at most 1073741824)" -- bench ring --node-size 2G
states "too large (at most 4194304)" -- create rpc "$n" --packet-size 5G

# Sizes take binary suffixes (1K, 1KiB); counts too (1K = 1024).
expect 0 "$SM_CLI" --json create ring "$n" --nodes 1K --node-size 1KiB
json_check "d['total_size'] > 1024 * 1024"
expect 0 "$SM_CLI" rm "$n"

# Sizes multiplied past the library's limits: the options named (a file
# size limit, `ulimit -f`, refuses a create the same way: exit 1).
# too_large OPTION... -- ARGS...: `sharedmem ARGS...` fails (exit 1),
# saying "too large" and naming each OPTION.
too_large() {
	local opts=() o
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	expect 1 timeout 20 "$SM_CLI" "$@"
	err_has "too large"
	for o in "${opts[@]}"; do err_has "$o"; done
}
too_large --size -- create buffer "$n" --size 2000G
too_large --count --element-size -- create array "$n" --count 4294967295 --element-size 4294967295
too_large --nodes --node-size -- create ring "$n" --nodes 2G --node-size 1G
too_large --nodes --packet-size -- create rpc "$n" --nodes 2G --packet-size 4M
too_large --nodes --packet-size -- rpc serve "$n" --nodes 2G --packet-size 4M
too_large --nodes --node-size -- bench ring --nodes 2G --node-size 1G --count 1 --no-latency
too_large --nodes --packet-size -- bench rpc --nodes 2G --packet-size 4M --count 1 --no-unix
[ -e "/dev/shm/sm.$n" ] && fail "a create refused as too large left /dev/shm/sm.$n"
exit 0
