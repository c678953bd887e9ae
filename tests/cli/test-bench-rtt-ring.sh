#!/usr/bin/env bash
# bench ring's round trips go through rings of the size its header names
# ("ring: N nodes of B bytes", above every row, and the JSON's config):
# they used 64 nodes of the message size whatever the streams used (by
# default 1024 nodes or more, doubled until they hold 2 MiB; --node-size),
# so a round-trip figure came from another ring than the one it was
# printed under.
. "$(dirname "$0")/lib.sh"

# The request ring's node count and size, read while the round trips run.
rtt_ring() { # ARGS...: the bench ring command's options
	"$SM_CLI" bench ring "$@" >"$T_TMP/out" 2>"$T_TMP/err" &
	local pid=$!
	T_PIDS+=("$pid")
	local seg="bench-rtt-$pid-req"
	for _ in $(seq 300); do [ -e "/dev/shm/sm.$seg" ] && break; sleep 0.05; done
	[ -e "/dev/shm/sm.$seg" ] || fail "bench ring $* made no $seg"
	wait_ready "$seg" # (a ring still being made has no "live" part yet)
	"$SM_CLI" inspect "$seg" --json >"$T_TMP/ring" 2>/dev/null ||
		fail "inspect $seg failed (the round trips ended first?)"
	wait "$pid" || fail "bench ring $* exited $?: $(cat "$T_TMP/err")"
	python3 -c 'import json, sys
live = json.load(open(sys.argv[1]))["live"]
print(live["node_count"], live["node_size"])' "$T_TMP/ring"
}

# The defaults: 128-byte nodes hold 2 MiB in 16384 of them.
got=$(rtt_ring --seconds 1 --size 64 --node-size 128)
grep -q "^ring: 16384 nodes of 128 bytes, mpmc$" "$T_TMP/out" || fail "header: $(head -1 "$T_TMP/out")"
[ "$got" = "16384 128" ] || fail "round trips through $got (nodes, bytes), not the header's 16384 of 128"
# --nodes.
got=$(rtt_ring --seconds 1 --nodes 256)
[ "$got" = "256 64" ] || fail "round trips through $got (nodes, bytes) with --nodes 256"
exit 0
