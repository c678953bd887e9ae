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

# gc into a pipe whose reader left ('gc | true'): the stale segments were
# removed, then SIGPIPE killed it (exit 141) with their names lost; it says
# on stderr what was done, exit 1.  (How many: whatever else is stale.)
piped=$(t_name piped)
expect 0 "$SM_CLI" create buffer "$piped" --size 1K
python3 - "$SM_CLI" "$piped" <<'PY' || fail "gc into a closed pipe"
import os, re, subprocess, sys
cli, name = sys.argv[1:]
for cmd, said in ((["gc", "--dry-run"], rb"Broken pipe; nothing was removed \(a dry run\)"),
                  (["gc", "--dry-run", "--json"], rb"Broken pipe; nothing was removed"),
                  (["gc"], rb"Broken pipe; \d+ stale segments? (was|were) removed")):
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([cli] + cmd, stdout=w, stderr=subprocess.PIPE, timeout=10)  # SIGPIPE: default
    os.close(w)
    if p.returncode != 1 or not re.search(said, p.stderr):
        sys.exit("%s: exit status %d, %r" % (" ".join(cmd), p.returncode, p.stderr))
if os.path.exists("/dev/shm/sm." + name):
    sys.exit("gc left " + name)
PY

# A stale segment gc may not remove (another user's, in sticky /dev/shm):
# named on stderr, exit 1 (it said "no stale segments", exit 0, and left it).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	theirs=$(t_name theirs)
	expect 0 "$SM_CLI" create buffer "$theirs" --size 1K --mode 0644
	as_nobody "$SM_CLI" gc >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if [ -e "/dev/shm/sm.$theirs" ]; then # (else another gc took it first)
		[ $rc = 1 ] || fail "gc that could not remove $theirs exited $rc"
		err_has "segment '$theirs': stale, but cannot remove it: operation not permitted"
		grep -q "no stale segments" "$T_TMP/out" && fail "gc said 'no stale segments'"
	fi
fi

# A stale segment whose file another process keeps locked (flock) is kept
# (gc removes a file only under its lock), and named on stderr, exit 1: gc
# said "no stale segments", exit 0, though --dry-run had said "would remove".
if command -v flock >/dev/null; then
	locked=$(t_name locked)
	expect 0 "$SM_CLI" create buffer "$locked" --size 1K
	(exec 9<"/dev/shm/sm.$locked" && flock -s 9 && exec sleep 60) &
	T_PIDS+=($!)
	for _ in $(seq 100); do
		flock -n -x "/dev/shm/sm.$locked" true 2>/dev/null || break
		sleep 0.05
	done
	"$SM_CLI" gc >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if [ -e "/dev/shm/sm.$locked" ]; then # (else another gc took it first)
		[ $rc = 1 ] || { cat "$T_TMP/out" "$T_TMP/err" >&2; fail "gc that could not remove $locked exited $rc"; }
		err_has "segment '$locked': stale, but cannot remove it: another process keeps its file locked"
		grep -q "no stale segments" "$T_TMP/out" && fail "gc said 'no stale segments'"
	fi
fi

# The held segment goes when its holder is interrupted.
kill -INT "${T_PIDS[0]}"
wait "${T_PIDS[0]}" || fail "create --hold did not exit 0 on SIGINT"
[ -e "/dev/shm/sm.$held" ] && fail "create --hold left $held after SIGINT"
exit 0
