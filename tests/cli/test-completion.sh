#!/usr/bin/env bash
# The bash completion completes commands, subcommands and segment names.
# Usage: test-completion.sh PATH/TO/sharedmem.bash-completion
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1090
. "${1:?completion script path}"
complete_words() { # words... -> COMPREPLY for the last word
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_sharedmem
	echo "${COMPREPLY[*]}"
}
[ "$(complete_words sharedmem ins)" = inspect ] || fail "command: got '$(complete_words sharedmem ins)'"
[ "$(complete_words sharedmem ring g)" = get ] || fail "ring subcommand"
[ "$(complete_words sharedmem bench co)" = compare ] || fail "bench subcommand"
[ "$(complete_words sharedmem create ri)" = ring ] || fail "create kind"
seg=$(t_name seg)
bg "$SM_CLI" create buffer "$seg" --size 1K --hold
wait_for "$seg"
complete_words sharedmem inspect "${seg%-*}" | grep -qw -- "$seg" || fail "segment names"
exit 0
