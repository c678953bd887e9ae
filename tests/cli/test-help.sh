#!/usr/bin/env bash
# `sharedmem help CMD [SUB]` prints exactly what `sharedmem CMD [SUB] --help`
# does, for every command and every member of a group (both lists read from
# the help itself, so a new one is covered); an unknown member is the
# group's usage error.
. "$(dirname "$0")/lib.sh"

# same_help WORDS...: `help WORDS` and `WORDS --help` agree, byte for byte.
same_help() {
	expect 0 "$SM_CLI" "$@" --help
	mv "$T_TMP/out" "$T_TMP/want"
	expect 0 "$SM_CLI" help "$@"
	cmp -s "$T_TMP/want" "$T_TMP/out" || {
		diff "$T_TMP/want" "$T_TMP/out" >&2
		fail "'sharedmem help $*' differs from 'sharedmem $* --help'"
	}
}

# The names in the table under HEADING (Commands:, Subcommands:) of $T_TMP/out.
table_names() {
	sed -n "/^$1/,/^\$/p" "$T_TMP/out" | awk 'NF > 1 && $1 != "help" {print $1}'
}

expect 0 "$SM_CLI" --help
cmds=$(table_names Commands:)
[ -n "$cmds" ] || fail "'sharedmem --help' lists no commands"
groups=0
for cmd in $cmds; do
	same_help "$cmd"
	subs=$(table_names Subcommands:)
	[ -n "$subs" ] || continue
	groups=$((groups + 1))
	for sub in $subs; do
		same_help "$cmd" "$sub"
		out_has "Usage: sharedmem $cmd $sub"
	done
	expect 2 "$SM_CLI" help "$cmd" no-such-sub
	err_has "sharedmem $cmd: unknown subcommand 'no-such-sub'"
	err_has "Try 'sharedmem $cmd --help'"
	[ -s "$T_TMP/out" ] && fail "'sharedmem help $cmd no-such-sub' wrote to stdout"
done
[ "$groups" -ge 3 ] || fail "found only $groups groups (ring, rpc, bench...)"

expect 2 "$SM_CLI" help no-such-command
err_has "Try 'sharedmem help --help'"
# ...which works, as does help about help (both said "no command").
expect 0 "$SM_CLI" help
out_has "Commands:"
expect 0 "$SM_CLI" help --help
out_has "Commands:"
expect 0 "$SM_CLI" help help
out_has "Commands:"
# A subcommand of a command that has none, or a word after a group's
# member, names nothing: a usage error, as the man page says (it printed
# the command's help, exit 0).
for words in "list frob" "create frob" "ring put frob" "help list"; do
	# shellcheck disable=SC2086
	expect 2 "$SM_CLI" help $words
	[ -s "$T_TMP/out" ] && fail "'sharedmem help $words' wrote to stdout"
done
err_has "Try 'sharedmem help --help'"
exit 0
