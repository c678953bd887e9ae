#!/usr/bin/env bash
# list's ATTACHED column, when more pids map a segment than the column
# holds: whole pids only, then how many more, and the '?' of an unknown
# attachment never cut off.  It ended in the first digits of a pid that did
# not fit (read as another process) and dropped the rest without a word.
. "$(dirname "$0")/lib.sh"

ring=$(t_name ring)
bg "$SM_CLI" create ring "$ring" --nodes 8 --node-size 64 --hold
wait_for "$ring"
for _ in $(seq 15); do
	bg_no_leak_check "$SM_CLI" ring get "$ring" --timeout 30000
done
for _ in $(seq 100); do
	"$SM_CLI" list --json >"$T_TMP/out" 2>/dev/null
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if [len(s['attached']) for s in d['segments'] if s['name']==sys.argv[2]]==[16] else 1)" "$T_TMP/out" "$ring" && break
	sleep 0.05
done
json_check "[len(s['attached']) for s in d['segments'] if s['name'] == '$ring'] == [16]"
cp "$T_TMP/out" "$T_TMP/list.json"
expect 0 "$SM_CLI" list
python3 - "$T_TMP/list.json" "$T_TMP/out" "$ring" <<'PY' || fail "ATTACHED holds something other than whole pids and a count of the rest"
import json, sys
d = json.load(open(sys.argv[1]))
pids = [s['attached'] for s in d['segments'] if s['name'] == sys.argv[3]][0]
line = [l for l in open(sys.argv[2]) if l.startswith(sys.argv[3] + ' ')][0]
col = [w for w in line.split() if ',' in w][0]
items = col.split(',')
shown = [int(x) for x in items if not x.startswith('+')]
more = [int(x[1:]) for x in items if x.startswith('+')]
ok = all(p in pids for p in shown) and len(set(shown)) == len(shown) and \
	len(more) == 1 and items[-1].startswith('+') and len(shown) + more[0] == len(pids)
if not ok:
    print(line, pids, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
# Its column is as wide as that text: every row's STATUS starts under the
# heading's (a long ATTACHED pushed the rest of its row right).
python3 - "$T_TMP/out" <<'PY' || fail "list: STATUS does not line up beside a long ATTACHED"
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
at = lines[0].index(' STATUS') + 1
bad = [l for l in lines[1:] if l[at - 1] != ' ' or l[at] == ' ']
if bad:
    print(lines[0], *bad, sep='\n', file=sys.stderr)
sys.exit(1 if bad else 0)
PY
exit 0
