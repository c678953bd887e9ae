#!/usr/bin/env bash
# rpc serve --workers runs handlers side by side: the add method split its
# arguments with strtok(), whose place in the text all threads share, so
# calls from several threads at once got sums of each other's numbers, or
# "is not an integer" for a piece of another's text.
# Usage: test-rpc-add-threads.sh PATH/TO/rpc-add-threads
. "$(dirname "$0")/lib.sh"
caller=${1:?rpc-add-threads path}
ch=$(t_name ch)
bg "$SM_CLI" rpc serve "$ch" --workers 4
wait_for "$ch"
"$caller" "$ch" 2>"$T_TMP/err" || fail "add from four threads: $(cat "$T_TMP/err")"
exit 0
