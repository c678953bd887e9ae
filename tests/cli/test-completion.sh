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
# Every command `sharedmem --help` lists is offered after `help`; after
# each command (or subcommand), every long option its --help lists is
# offered, and an option of another command is not.
expect 0 "$SM_CLI" --help
cmds=$(sed -n '/^Commands:/,/^$/p' "$T_TMP/out" | awk 'NF > 1 && $1 != "help" {print $1}')
for cmd in $cmds; do
	complete_words sharedmem help "$cmd" | grep -qw -- "$cmd" || fail "'help $cmd' is not completed"
done
# After `help GROUP`, the group's subcommands; after `help GROUP SUB`, nothing.
[ "$(complete_words sharedmem help ring '')" = "put get recover" ] ||
	fail "help ring: got '$(complete_words sharedmem help ring '')'"
[ "$(complete_words sharedmem help bench c)" = compare ] || fail "help bench c"
[ -z "$(complete_words sharedmem help ring put '')" ] || fail "help ring put: got '$(complete_words sharedmem help ring put '')'"
[ -z "$(complete_words sharedmem help list '')" ] || fail "help list: got '$(complete_words sharedmem help list '')'"
leaves=()
for cmd in $cmds; do
	case $cmd in
	ring) leaves+=("ring put" "ring get" "ring recover") ;;
	rpc) leaves+=("rpc serve" "rpc call") ;;
	traffic) leaves+=("traffic produce" "traffic consume") ;;
	bench) leaves+=("bench ring" "bench rpc" "bench compare") ;;
	*) leaves+=("$cmd") ;;
	esac
done
for cmd in "${leaves[@]}"; do
	# shellcheck disable=SC2086
	"$SM_CLI" $cmd --help >"$T_TMP/help" || fail "$cmd --help"
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$T_TMP/help" | sort -u); do
		# shellcheck disable=SC2086
		complete_words sharedmem $cmd "$opt" | grep -qw -- "$opt" || fail "option $opt of '$cmd' is not completed"
	done
done
only() { # WANT WORDS...: the options offered for WORDS are exactly WANT
	local got
	got=$(complete_words "${@:2}" | tr " " "\n" | LC_ALL=C sort | xargs)
	[ "$got" = "$1" ] || fail "'${*:2}': offered '$got', want '$1'"
}
only "--dry-run" sharedmem gc --d
only "" sharedmem list --dr
only "--data" sharedmem ring put x --d
only "" sharedmem ring get x --da
only "--help --hex" sharedmem inspect x --h
only "--compare --consumers --count" sharedmem bench ring --co
for opt in --json --quiet --help --version; do
	[ "$(complete_words sharedmem "${opt:0:5}")" = "$opt" ] || fail "global option $opt is not completed"
done
seg=$(t_name seg)
bg "$SM_CLI" create buffer "$seg" --size 1K --hold
wait_for "$seg"
complete_words sharedmem inspect "${seg%-*}" | grep -qw -- "$seg" || fail "segment names"

# ring put, ring get and traffic take a ring that carries messages: not a
# buffer, an array or an RPC channel, nor a channel's rings (CH.c2s,
# CH.s2c), which they refuse (all were offered).  ring recover takes any
# ring, a channel's too; inspect any segment.  A ring named B.c2s beside a
# buffer B is no channel's, nor is a file F with a ring's kind at byte 12
# and no SM_MAGIC before it a ring.  After the ring's NAME, no more names.
ch=$(t_name ch)
b=$(t_name b)
q=$(t_name q)
f=$(t_name f)
printf '%012d\x03\0\0\0' 0 >"/dev/shm/sm.$f"
expect 0 "$SM_CLI" create rpc "$ch" --nodes 2 --packet-size 64
expect 0 "$SM_CLI" create buffer "$b" --size 8
expect 0 "$SM_CLI" create ring "$b.c2s" --nodes 2 --node-size 16
expect 0 "$SM_CLI" create ring "$q" --nodes 2 --node-size 16
ours() { # WORDS...: what is offered of this test's segments, sorted
	complete_words sharedmem "$@" | tr " " "\n" | grep -F -e "$ch" -e "$b" -e "$q" -e "$f" | LC_ALL=C sort | xargs
}
for words in "ring put" "ring get" "traffic produce" "traffic consume"; do
	# shellcheck disable=SC2086
	got=$(ours $words "t-cli-")
	[ "$got" = "$b.c2s $q" ] || fail "'$words': offered '$got', want '$b.c2s $q'"
	# shellcheck disable=SC2086
	got=$(ours $words "$q" "")
	[ -z "$got" ] || fail "'$words NAME': offered '$got' after the name"
done
got=$(ours ring recover "t-cli-")
[ "$got" = "$b.c2s $ch.c2s $ch.s2c $q" ] || fail "'ring recover': offered '$got'"
got=$(ours inspect "t-cli-")
[ "$got" = "$b $b.c2s $ch $ch.c2s $ch.s2c $f $q" ] || fail "'inspect': offered '$got'"

# inspect and ring recover take one NAME: after it, and after its
# options, no more names (inspect offered every segment again).  rm takes
# many, each once, but not one ring of a channel nor F, which it refuses
# without --force (-f).  The commands that take no existing name offer
# none.
for words in "inspect $q" "inspect -x $q" "inspect -c 3 $q -w" "ring recover $q"; do
	# shellcheck disable=SC2086
	got=$(ours $words "")
	[ -z "$got" ] || fail "'$words': offered '$got' after the name"
done
[ "$(ours inspect -c 3 "t-cli-")" = "$b $b.c2s $ch $ch.c2s $ch.s2c $f $q" ] ||
	fail "'inspect -c 3': offered '$(ours inspect -c 3 "t-cli-")'"
got=$(ours rm "t-cli-")
[ "$got" = "$b $b.c2s $ch $q" ] || fail "'rm': offered '$got', want '$b $b.c2s $ch $q'"
got=$(ours rm "$q" "$b" "t-cli-")
[ "$got" = "$b.c2s $ch" ] || fail "'rm $q $b': offered '$got', want '$b.c2s $ch'"
for words in "rm --force" "rm -f" "rm $ch -f"; do
	# shellcheck disable=SC2086
	got=$(ours $words "t-cli-")
	want="$b $b.c2s $ch $ch.c2s $ch.s2c $f $q"
	[ "$words" = "rm $ch -f" ] && want="$b $b.c2s $ch.c2s $ch.s2c $f $q"
	[ "$got" = "$want" ] || fail "'$words': offered '$got', want '$want'"
done
for words in "list" "gc" "gc --dry-run" "create ring" "create ring $q --nodes 2" \
	"bench ring" "bench ring --nodes 4" "bench rpc" "bench compare" "rpc serve $q" "help"; do
	# shellcheck disable=SC2086
	got=$(ours $words "")
	[ -z "$got" ] || fail "'$words': offered '$got', a segment name it does not take"
done

# After 'rpc call' the NAME is a channel's: only RPC channels are offered
# (every segment was, and the method names with them), then its METHOD
# (the methods 'rpc serve' answers), then nothing; an option's value is
# no word of its own.  'rpc serve' creates its channel, as create does:
# no existing name is offered.
rpc_offered() { # WORDS...: what is offered of this test's segments and the methods
	complete_words "$@" | tr " " "\n" | grep -E -- "-$$|^(echo|add|sleep)$" | LC_ALL=C sort | xargs
}
for words in "rpc call" "rpc call -t 100" "rpc call --connect-timeout 5 --stdin"; do
	# shellcheck disable=SC2086
	got=$(rpc_offered sharedmem $words "${ch%-*}")
	[ "$got" = "$ch" ] || fail "'$words': offered '$got', want '$ch'"
	# shellcheck disable=SC2086
	got=$(rpc_offered sharedmem $words "")
	[ "$got" = "$ch" ] || fail "'$words' '': offered '$got', want '$ch'"
done
[ "$(rpc_offered sharedmem rpc call -t 100 "$ch" "")" = "add echo sleep" ] ||
	fail "rpc call CH: offered '$(rpc_offered sharedmem rpc call -t 100 "$ch" "")' as its method"
[ -z "$(rpc_offered sharedmem rpc call "$ch" echo "")" ] ||
	fail "rpc call CH echo: offered '$(rpc_offered sharedmem rpc call "$ch" echo "")'"
for words in "rpc serve" "rpc serve --nodes 4"; do
	# shellcheck disable=SC2086
	[ -z "$(rpc_offered sharedmem $words "")" ] || fail "'$words': offered '$(rpc_offered sharedmem $words "")'"
done
# Every option whose --help shows a value (--timeout MS, -t, --timeout
# MS) is one whose next word is its value.
for cmd in "${leaves[@]}"; do
	# shellcheck disable=SC2086
	"$SM_CLI" $cmd --help >"$T_TMP/help"
	for opt in $(grep -oE -- '(-[a-z], )?--[a-z][a-z-]* [A-Z]' "$T_TMP/help" | grep -oE -- '-[a-z]\b|--[a-z-]+' | sort -u); do
		# shellcheck disable=SC2086
		set -- $cmd
		_sharedmem_takes_value "$1" "${2:-}" "$opt" || fail "'$cmd': $opt takes a value, the completion does not know"
	done
done

# A file name anyone may put in /dev/shm is never run as a command: the
# names went into compgen -W, which expands its word list, so a file
# named sm.$(touch${IFS}pwned) ran 'touch pwned' in the shell of whoever
# pressed Tab after 'sharedmem inspect' (or rm, ring, rpc, traffic).
evil="/dev/shm/sm.t-cli-completion-\$(touch\${IFS}pwned)-$$"
touch "$evil"
for words in "inspect" "rm" "ring get" "rpc call" "traffic consume"; do
	# shellcheck disable=SC2086
	(cd "$T_TMP" && complete_words sharedmem $words "" >/dev/null)
done
rm -f "$evil"
[ -e "$T_TMP/pwned" ] && fail "completing a segment name ran a command named in a file name"
exit 0
