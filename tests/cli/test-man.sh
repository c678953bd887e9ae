#!/usr/bin/env bash
# The man page renders without warnings and describes every command that
# `sharedmem --help` lists.  Usage: test-man.sh PATH/TO/sharedmem.1
. "$(dirname "$0")/lib.sh"
page=${1:?man page path}
command -v groff >/dev/null || { echo "groff not installed: skipped" >&2; exit 77; }
groff -ww -z -man "$page" 2>"$T_TMP/warn" || fail "groff failed on $page"
[ -s "$T_TMP/warn" ] && { cat "$T_TMP/warn" >&2; fail "groff warns about $page"; }
groff -man -Tutf8 "$page" 2>/dev/null | sed 's/.\x08//g' >"$T_TMP/page"
expect 0 "$SM_CLI" --help
for cmd in $(sed -n '/^Commands:/,/^$/p' "$T_TMP/out" | awk 'NF > 1 {print $1}'); do
	grep -q "^       $cmd\b\|^       bench $cmd\|^       $cmd " "$T_TMP/page" ||
		fail "the man page does not describe '$cmd'"
done
for sub in "ring put" "ring get" "rpc serve" "rpc call" "bench ring" "bench rpc" "bench compare"; do
	grep -q "^       $sub" "$T_TMP/page" || fail "the man page does not describe '$sub'"
done
# Every long option some command's --help lists is in the page.
for cmd in "" list inspect create rm gc "ring put" "ring get" "ring recover" "rpc serve" \
	"rpc call" "traffic produce" "traffic consume" "bench ring" "bench rpc" "bench compare"; do
	# shellcheck disable=SC2086
	"$SM_CLI" $cmd --help
done >"$T_TMP/help"
# One long line per paragraph, no hyphenation: options are not broken.
groff -man -Tascii -rLL=5000n -rHY=0 "$page" 2>/dev/null | sed 's/.\x08//g' >"$T_TMP/flat"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$T_TMP/help" | sort -u); do
	grep -q -- "$opt\b" "$T_TMP/flat" || fail "the man page does not mention $opt"
done
# ...and in the command's own paragraph: "ring get" never said --timeout,
# "traffic consume" neither --rate nor --count.
for cmd in list inspect create rm gc "ring put" "ring get" "ring recover" "rpc serve" "rpc call" \
	"traffic produce" "traffic consume" "bench ring" "bench rpc" "bench compare"; do
	# shellcheck disable=SC2086
	"$SM_CLI" $cmd --help >"$T_TMP/help"
	# The paragraph: its tag line, then the lines up to the next blank one.
	awk -v tag="$cmd" 'index($0, "       " tag) == 1 && (length($0) == 7 + length(tag) ||
		substr($0, 8 + length(tag), 1) == " ") { on = 1 } on && /^$/ { exit } on' \
		"$T_TMP/flat" >"$T_TMP/para"
	[ -s "$T_TMP/para" ] || fail "no paragraph for '$cmd' in the man page"
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$T_TMP/help" | sort -u); do
		case $opt in --json | --quiet | --help) continue ;; esac
		grep -q -- "$opt\b" "$T_TMP/para" || fail "the man page's '$cmd' does not mention $opt"
	done
done
exit 0
