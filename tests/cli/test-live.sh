#!/usr/bin/env bash
# Live and streaming use, as in a terminal or a script (found in review):
#   - inspect --watch gives no rates across a ring removed and created again
#     under the same name (its counters start afresh: no absurd rates).
. "$(dirname "$0")/lib.sh"

# inspect --watch: the ring is replaced between two refreshes.
w=$(t_name w)
expect 0 "$SM_CLI" create ring "$w" --nodes 64 --node-size 64
"$SM_CLI" traffic produce "$w" --count 50 >/dev/null || fail "produce 50"
(
	sleep 0.4
	"$SM_CLI" rm "$w" && "$SM_CLI" create ring "$w" --nodes 64 --node-size 64 &&
		"$SM_CLI" traffic produce "$w" --count 5
) >/dev/null 2>&1 &
T_PIDS+=($!)
expect 0 "$SM_CLI" --json inspect "$w" --watch --count 2
python3 - "$T_TMP/out" <<'PY' || fail "inspect --watch: a rate across the replaced ring"
import json, sys
text, dec, i, rates = open(sys.argv[1]).read(), json.JSONDecoder(), 0, []
while text[i:].strip():
    while text[i].isspace():
        i += 1
    d, i = dec.raw_decode(text, i)
    rates.append(d["live"].get("rates"))
bad = [r for r in rates if r and any(not 0 <= v < 1e7 for v in r.values())]
if len(rates) != 2 or bad:
    print(rates, file=sys.stderr)
    sys.exit(1)
PY
exit 0
