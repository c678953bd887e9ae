#!/usr/bin/env bash
# gc removes stale segments (creator dead, nobody attached) and says which;
# --dry-run only says.  Runs alone in this suite (is_parallel: false), but
# /dev/shm is shared with every other process on the machine: a gc run
# elsewhere may take our stale segment first, so a round whose segment
# vanished under us is tried again.
. "$(dirname "$0")/lib.sh"

held=$(t_name held)
bg "$SM_CLI" create buffer "$held" --size 1K --hold
wait_for "$held"

round() { # stale-name: 0 passed, 1 failed, 3 raced with another gc
	local stale=$1
	expect 0 "$SM_CLI" create buffer "$stale" --size 1K
	expect 0 "$SM_CLI" gc --dry-run
	[ -e "/dev/shm/sm.$stale" ] || return 3
	out_has "would remove $stale"
	grep -qF "$held" "$T_TMP/out" && fail "gc would remove a segment whose owner is alive"
	expect 0 "$SM_CLI" gc --dry-run --json
	[ -e "/dev/shm/sm.$stale" ] || return 3
	json_check "d['dry_run'] is True and '$stale' in d['removed'] and d['count'] == len(d['removed'])"
	expect 0 "$SM_CLI" gc --json
	json_check "d['dry_run'] is False and '$held' not in d['removed']"
	[ -e "/dev/shm/sm.$stale" ] && fail "gc left $stale"
	python3 -c "import json, sys; sys.exit('$stale' not in json.load(open('$T_TMP/out'))['removed'])" ||
		return 3
	return 0
}
for try in 1 2 3 4 5; do
	round "$(t_name "stale$try")"
	rc=$?
	[ $rc = 0 ] && break
	[ $rc = 3 ] || exit 1
	echo "note: another gc took our stale segment; trying again" >&2
done
[ $rc = 0 ] || fail "five rounds raced with another gc"
[ -e "/dev/shm/sm.$held" ] || fail "gc removed $held"

# The held segment goes when its holder is interrupted.
kill -INT "${T_PIDS[0]}"
wait "${T_PIDS[0]}" || fail "create --hold did not exit 0 on SIGINT"
[ -e "/dev/shm/sm.$held" ] && fail "create --hold left $held after SIGINT"
exit 0
