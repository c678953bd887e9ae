#!/usr/bin/env bash
# The CLI loads libzmq only when a ZeroMQ run of `bench compare` starts.
# Linked in, it was loaded at every start with what it needs (libstdc++,
# libsodium, libpgm, Kerberos...): some 10 ms of CPU (30 under ASan) for
# every `sharedmem list`, every traffic child of the workbench and every
# test.  Where it cannot be loaded, the zeromq row is skipped with the
# loader's reason and the other transports run as before.  The failure
# comes from a shim ($1, LD_PRELOAD): SM_TEST_DLOPEN_FAIL=NAME fails
# dlopen(NAME) as for a library that is not installed.
. "$(dirname "$0")/lib.sh"
shim=${1:?usage: test-zeromq-on-demand.sh DLOPEN-FAIL-SHIM}
[ -f "$shim" ] || fail "no shim $shim"

ldd "$SM_CLI" >"$T_TMP/ldd" || fail "ldd $SM_CLI failed"
grep libzmq "$T_TMP/ldd" && fail "the sharedmem binary is linked with libzmq"

# Nor is it loaded at start: a ring get waiting on an empty ring (once its
# ring is mapped, the loader is long done).
r=$(t_name r)
expect 0 "$SM_CLI" create ring "$r" --nodes 4 --node-size 64
start_waiting "$T_TMP/w.out" "$T_TMP/w.err" "$SM_CLI" ring get "$r"
for _ in $(seq 100); do
	grep -q "/dev/shm/sm.$r" "/proc/$waiter/maps" 2>/dev/null && break
	sleep 0.05
done
grep -q "/dev/shm/sm.$r" "/proc/$waiter/maps" || fail "ring get did not map its ring"
grep -m1 libzmq "/proc/$waiter/maps" && fail "ring get, waiting on a ring, has libzmq loaded"

expect 0 "$SM_CLI" bench compare --count 10 --workloads stream-64 --transports zeromq --json
built=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["machine"]["zeromq"])' "$T_TMP/out")
if [ "$built" != "not built" ]; then
	json_check "d['machine']['zeromq'].startswith('libzmq ')"
	json_check "[r['status'] for r in d['results']] == ['ok']"
	# Not to be found: the row says why, the others run.
	expect 0 env LD_PRELOAD="$(t_preload "$shim")" SM_TEST_DLOPEN_FAIL=libzmq.so.5 \
		"$SM_CLI" bench compare --count 10 --workloads stream-64,reqresp-64 \
		--transports zeromq,pipe --json
	json_check "{(r['workload'], r['transport']): r['status'] for r in d['results']} == {
		('stream-64', 'zeromq'): 'skipped', ('reqresp-64', 'zeromq'): 'skipped',
		('stream-64', 'pipe'): 'ok', ('reqresp-64', 'pipe'): 'ok'}"
	json_check "all('libzmq.so.5: cannot open shared object file' in r['note']
		for r in d['results'] if r['transport'] == 'zeromq')"
	json_check "'libzmq.so.5: cannot open shared object file' in d['machine']['zeromq']"
fi
exit 0
