#!/usr/bin/env bash
# Usage errors exit 2 with a hint, --help exits 0 on every command.
. "$(dirname "$0")/lib.sh"

expect 0 "$SM_CLI" --help
out_has "Commands:"
expect 0 "$SM_CLI" --version
out_has "sharedmem "
# A word after --version was dropped (exit 0); after --help it was too,
# which now reads it as 'help WORDS' (a command's help, or a usage error).
expect 2 "$SM_CLI" --version extra
err_has "--version takes no arguments ('extra')"
[ -s "$T_TMP/out" ] && fail "'sharedmem --version extra' wrote to stdout"
expect 2 "$SM_CLI" --help frob
err_has "no command 'frob'"
expect 2 "$SM_CLI" --help list frob
expect 0 "$SM_CLI" --help ring put
out_has "Usage: sharedmem ring put"
expect 0 "$SM_CLI" --version --help # (the first of the two)
out_has "sharedmem "
expect 2 "$SM_CLI"
expect 2 "$SM_CLI" no-such-command
err_has "unknown command 'no-such-command'"
# A bad global option as a subcommand's: getopt's line under the name
# "sharedmem" (not argv[0]'s path), then the hint; no usage text.
for bad in --no-such-option -Z; do
	expect 2 "$SM_CLI" "$bad" list
	[ "$(wc -l <"$T_TMP/err")" = 2 ] || fail "'sharedmem $bad' should say two lines on stderr"
	head -1 "$T_TMP/err" | grep -q "^sharedmem: .* option" ||
		fail "'sharedmem $bad': the first line should be 'sharedmem: ... option ...'"
	err_has "Try 'sharedmem --help'."
done

for cmd in list inspect create rm gc "ring put" "ring get" "rpc serve" "rpc call" \
	   bench "bench ring" "bench rpc" "bench compare"; do
	# shellcheck disable=SC2086
	expect 0 "$SM_CLI" $cmd --help
	out_has "Usage: sharedmem $cmd"
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" $cmd --no-such-option
	err_has "Try 'sharedmem $cmd --help'"
done
# `help` has its own test, test-help.sh.

# Groups: no member, unknown member.
for grp in ring rpc bench; do
	expect 2 "$SM_CLI" $grp
	expect 2 "$SM_CLI" $grp frob
	err_has "unknown subcommand 'frob'"
done

# Missing and extra arguments.
expect 2 "$SM_CLI" inspect
err_has "NAME is missing"
expect 2 "$SM_CLI" inspect a b
expect 2 "$SM_CLI" rm
expect 2 "$SM_CLI" list extra
expect 2 "$SM_CLI" gc extra
expect 2 "$SM_CLI" create ring
expect 2 "$SM_CLI" create teapot x
err_has "unknown kind 'teapot'"
expect 2 "$SM_CLI" ring put
expect 2 "$SM_CLI" ring get
expect 2 "$SM_CLI" rpc call x
expect 2 "$SM_CLI" inspect x --count 3
err_has "--count goes with --watch"

# Bad names are usage errors, whatever the command.
for bad in "a/b" ".hidden" "x..y" "$(printf 'n%.0s' $(seq 60))" ""; do
	expect 2 "$SM_CLI" inspect "$bad"
	err_has "bad segment name"
	[ "$(wc -l <"$T_TMP/err")" = 1 ] || fail "a bad name should be one line on stderr"
	expect 2 "$SM_CLI" rm "$bad"
	expect 2 "$SM_CLI" create ring "$bad" --nodes 4 --node-size 64
	expect 2 "$SM_CLI" ring put "$bad" --data x
	expect 2 "$SM_CLI" ring get "$bad"
	expect 2 "$SM_CLI" rpc call "$bad" echo
done

# Channel names leave room for their rings' suffixes.
long=$(printf 'c%.0s' $(seq 46))
expect 2 "$SM_CLI" rpc serve "$long"
err_has "bad channel name"
expect 2 "$SM_CLI" rpc call "$long" echo
expect 2 "$SM_CLI" create rpc "$long"
[ -e "/dev/shm/sm.$long" ] && fail "a usage error created $long"

# Bad numbers.
n=$(t_name num)
expect 2 "$SM_CLI" create ring "$n" --nodes many --node-size 64
expect 2 "$SM_CLI" create ring "$n" --nodes 4 --node-size 12Q
expect 2 "$SM_CLI" create ring "$n" --nodes 4 --node-size 64 --mode 999
expect 2 "$SM_CLI" ring get "$n" --timeout soon
expect 2 "$SM_CLI" inspect "$n" --watch --count 0
[ -e "/dev/shm/sm.$n" ] && fail "a usage error created $n"

# create rpc: the channel's limits, as rpc serve checks them (the library
# said only "invalid argument", exit 1; --nodes 0 took the default).
c=$(t_name chan)
expect 2 "$SM_CLI" create rpc "$c" --nodes 1
err_has "--nodes: 1 is out of range (2..2147483648)"
expect 2 "$SM_CLI" create rpc "$c" --nodes 0
expect 2 "$SM_CLI" create rpc "$c" --node-size 32
err_has "--node-size: at least 64 for an rpc"
expect 2 "$SM_CLI" create rpc "$c" --node-size 8M
expect 2 "$SM_CLI" create rpc "$c" --max-message 0
expect 2 "$SM_CLI" create rpc "$c" --max-message 65M
[ -e "/dev/shm/sm.$c" ] && fail "a usage error created $c"

# A parameter of another kind is refused, not ignored.
expect 2 "$SM_CLI" create buffer "$c" --size 1K --nodes 4
err_has "--nodes is not a parameter of a buffer (it takes --size)"
expect 2 "$SM_CLI" create ring "$c" --nodes 4 --node-size 64 --size 1M
err_has "(it takes --nodes, --node-size, --ring-mode)"
expect 2 "$SM_CLI" create rpc "$c" --ring-mode spsc
expect 2 "$SM_CLI" create array "$c" --count 2 --element-size 4 --max-message 1K
[ -e "/dev/shm/sm.$c" ] && fail "a usage error created $c"

# --seconds or --count: a run is one or the other (bench ring and bench rpc
# took both, --count winning without a word, as bench compare refuses).
for cmd in "bench ring" "bench rpc" "bench compare"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" $cmd --seconds 1 --count 10
	err_has "--seconds and --count do not go together"
done

# A count takes the suffixes a size does (K, M, G: binary), by one parser
# wherever it is given: create took '--nodes 1K', bench ring and bench rpc
# said "'1K' is not a number"; and a count has no bytes ('--count 1KB').
k=$(t_name counts)
expect 0 "$SM_CLI" create ring "$k" --nodes 1K --node-size 64 --json
expect 0 "$SM_CLI" inspect "$k" --json
json_check 'd["live"]["node_count"] == 1024'
expect 0 "$SM_CLI" ring put "$k" --data a --data b
expect 1 "$SM_CLI" ring get "$k" --count 1K --timeout 0
err_has "after 2 of 1024 messages"
expect 0 "$SM_CLI" bench ring --nodes 1K --count 1K --no-latency --json
json_check 'd["config"]["node_count"] == 1024 and d["config"]["count"] == 1024'
expect 0 "$SM_CLI" bench rpc --nodes 1K --node-size 64 --count 1K --no-unix --json
json_check 'd["config"]["node_count"] == 1024 and d["config"]["count"] == 1024'
expect 2 "$SM_CLI" create array "$(t_name b)" --count 1KB --element-size 4
err_has "--count: '1KB' is not a number"
expect 2 "$SM_CLI" bench ring --count 1X
err_has "--count: '1X' is not a number"
expect 2 "$SM_CLI" bench ring --producers 1K
err_has "--producers: 1024 is out of range (1..16)"
# A count, as a size, starts with a digit (a timeout's -1 with '-'): ' 4'
# and '+4' were taken as 4 (strtoll skips blanks and takes a '+') where
# --size refused them.
for bad in " 4" "+4" "$(printf '\t4')" "+-1" " -1"; do
	expect 2 "$SM_CLI" bench ring --count "$bad"
	err_has "--count: '$bad' is not a number"
	expect 2 "$SM_CLI" create buffer "$(t_name sign)" --size "$bad"
	err_has "--size: '$bad' is not a size"
	expect 2 "$SM_CLI" ring get "$k" --timeout "$bad"
	err_has "--timeout: '$bad' is not a number"
done

# A duration is written as a count is: decimal digits (a '.' allowed),
# then nothing, 's' or 'ms'.  strtod took ' 2', '+2', '1e1', '0x1p1' (2 s)
# and 'inf' (then out of range).
for cmd in "bench ring" "bench rpc" "bench compare"; do
	for bad in " 2" "+2" "$(printf '\t2')" "1e1" "1E0" "0x1p1" "0x2" "inf" "nan" "-1" "." "2.5.1" "2 s"; do
		# shellcheck disable=SC2086
		expect 2 "$SM_CLI" $cmd --seconds "$bad"
		err_has "--seconds: '$bad' is not a duration (e.g. 2, 2s, 500ms)"
	done
	expect 2 "$SM_CLI" $cmd --seconds 0
	err_has "--seconds: '0' is out of range"
	expect 2 "$SM_CLI" $cmd --seconds 3601
	err_has "--seconds: '3601' is out of range"
done
# The forms that stay (with --count beside them, the usage error says the
# duration was taken).
for good in 2 2.5 .5 2. 2s 500ms 0.5s; do
	expect 2 "$SM_CLI" bench ring --seconds "$good" --count 1
	err_has "--seconds and --count do not go together"
done

# ring get --all takes what is there without waiting: a --timeout with it
# was taken and never used.
expect 2 "$SM_CLI" ring get "$(t_name all)" --all --timeout 5000
err_has "--all and --timeout do not go together (--all does not wait)"

# bench ring: an option the run would not use is refused, not dropped:
# --compare runs every transport (--transport pipe was ignored), and only
# the burst transport moves bursts (--burst 8 went unused, while the JSON
# config said "burst": 8).
expect 2 "$SM_CLI" bench ring --compare --transport pipe
err_has "--compare and --transport do not go together (--compare runs every transport)"
for t in "" "--transport sharedmem" "--transport pipe"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" bench ring --burst 8 $t
	err_has "--burst goes with --transport sharedmem-burst (or --compare)"
done

# traffic produce --wave swings the --rate: without one (as fast as
# possible) there was nothing to swing, and it ran flat out without a word.
for rate in "" "--rate 0"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" traffic produce "$(t_name w)" --wave $rate
	err_has "--wave varies --rate R: it needs a rate above 0"
done

# Options that shape the text output do not go with --json (before the
# command or after it), which has no newlines to add or leave out: they
# were taken and dropped.
for json in "--json ring get $(t_name j) --lines" "ring get $(t_name j) --lines --json"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" $json
	err_has "--lines and --json do not go together"
done
expect 2 "$SM_CLI" rpc call "$(t_name j)" echo x --no-newline --json
err_has "--no-newline and --json do not go together"

# traffic produce --die-mid-write reserves one node and writes nothing:
# a --count, --rate or --wave with it was taken and never used.
for opt in "--count 5" "--rate 100" "--rate 100 --wave"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" traffic produce "$(t_name d)" --die-mid-write $opt
	err_has "--die-mid-write writes no message: it does not go with --count, --rate or --wave"
done

# bench ring --ring-mode shapes the sharedmem ring: with a transport that
# has none (pipe, bare-ring, memcpy...) it went unused, while the JSON
# config said "ring_mode": "spsc".
for t in pipe bare-ring memcpy; do
	expect 2 "$SM_CLI" bench ring --ring-mode spsc --transport "$t"
	err_has "--ring-mode goes with a sharedmem transport (or --compare)"
done

# bench ring --transport memcpy is one process copying: --consumers 2 was
# taken and the row labelled "64B 1->2" (--producers 2 "2->1") though no
# second process ran.
for opt in "-c 2" "-p 2" "--producers 3 --consumers 2"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" bench ring --transport memcpy $opt
	err_has "--transport memcpy is one process copying: it takes no --producers or --consumers"
done
expect 0 "$SM_CLI" bench ring --transport memcpy -p 1 -c 1 --count 10 --json

# An RPC channel's packet is its rings' node: rpc serve named its size
# --packet-size, create rpc and bench rpc --node-size, and each refused the
# other's name.  Each now takes both, and both together are refused (one
# size, two values).
twice="--packet-size and --node-size do not go together"
expect 2 "$SM_CLI" create rpc "$(t_name pk)" --node-size 1K --packet-size 2K
err_has "$twice"
expect 2 "$SM_CLI" rpc serve "$(t_name pk)" --packet-size 1K --node-size 1K
err_has "$twice"
expect 2 "$SM_CLI" bench rpc --node-size 1K --packet-size 1K
err_has "$twice"
expect 2 "$SM_CLI" create ring "$(t_name pk)" --nodes 4 --node-size 64 --packet-size 64
err_has "--packet-size is not a parameter of a ring"
expect 2 "$SM_CLI" create rpc "$(t_name pk)" --packet-size 10
err_has "--packet-size: at least 64 for an rpc"
pk=$(t_name pk)
expect 0 "$SM_CLI" create rpc "$pk" --packet-size 4K
expect 0 "$SM_CLI" inspect "$pk" --json
json_check "d['live']['packet_size'] == 4096"
expect 0 "$SM_CLI" bench rpc --packet-size 1K --count 10 --no-unix --json
json_check "d['config']['packet_size'] == 1024"

# bench compare with no transport chosen that carries a workload chosen
# (memcpy and the burst transports carry streams only) ran nothing and
# printed an empty table, exit 0.
for sel in "-t memcpy -w reqresp-64" "-t sharedmem-burst,bare-ring -w reqresp-64,reqresp-1k"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" bench compare $sel
	err_has "no transport of --transports carries a workload of --workloads"
done
exit 0
