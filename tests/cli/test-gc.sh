#!/usr/bin/env bash
# gc removes stale segments (creator dead, nobody attached) and says which;
# --dry-run only says.  Runs alone (is_parallel: false): gc is machine-wide.
. "$(dirname "$0")/lib.sh"

stale=$(t_name stale)
held=$(t_name held)
expect 0 "$SM_CLI" create buffer "$stale" --size 1K
bg "$SM_CLI" create buffer "$held" --size 1K --hold
wait_for "$held"

expect 0 "$SM_CLI" gc --dry-run
out_has "would remove $stale"
grep -qF "$held" "$T_TMP/out" && fail "gc would remove a segment whose owner is alive"
[ -e "/dev/shm/sm.$stale" ] || fail "--dry-run removed $stale"
expect 0 "$SM_CLI" gc --dry-run --json
json_check "d['dry_run'] is True and '$stale' in d['removed'] and d['count'] == len(d['removed'])"

expect 0 "$SM_CLI" gc --json
json_check "d['dry_run'] is False and '$stale' in d['removed'] and '$held' not in d['removed']"
[ -e "/dev/shm/sm.$stale" ] && fail "gc left $stale"
[ -e "/dev/shm/sm.$held" ] || fail "gc removed $held"

# The held segment goes when its holder is interrupted.
kill -INT "${T_PIDS[0]}"
wait "${T_PIDS[0]}" || fail "create --hold did not exit 0 on SIGINT"
[ -e "/dev/shm/sm.$held" ] && fail "create --hold left $held after SIGINT"
exit 0
