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
# Every command `sharedmem --help` lists is offered after `help`, and
# every long option some command's --help lists is offered after `--`.
expect 0 "$SM_CLI" --help
cmds=$(sed -n '/^Commands:/,/^$/p' "$T_TMP/out" | awk 'NF > 1 && $1 != "help" {print $1}')
for cmd in $cmds; do
	complete_words sharedmem help "$cmd" | grep -qw -- "$cmd" || fail "'help $cmd' is not completed"
done
for cmd in $cmds "ring put" "ring get" "ring recover" "rpc serve" "rpc call" \
	"traffic produce" "traffic consume" "bench ring" "bench rpc" "bench compare"; do
	# shellcheck disable=SC2086
	"$SM_CLI" $cmd --help
done >"$T_TMP/help"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$T_TMP/help" | sort -u); do
	complete_words sharedmem bench ring "$opt" | grep -qw -- "$opt" || fail "option $opt is not completed"
done
for opt in --json --quiet --help --version; do
	[ "$(complete_words sharedmem "${opt:0:5}")" = "$opt" ] || fail "global option $opt is not completed"
done
seg=$(t_name seg)
bg "$SM_CLI" create buffer "$seg" --size 1K --hold
wait_for "$seg"
complete_words sharedmem inspect "${seg%-*}" | grep -qw -- "$seg" || fail "segment names"
exit 0
