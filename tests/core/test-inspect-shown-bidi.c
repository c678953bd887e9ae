/* test-inspect-shown-bidi.c — sm_shown_text() escapes the characters that
 * rearrange what is shown around them: the bidirectional controls (U+202E
 * shows the rest of a name or label, and of its table line, backwards:
 * "x<U+202E>fdp.txt" reads "xtxt.pdf") and the line and paragraph
 * separators (a line break in the workbench, as '\n' would be).  They went
 * through raw; other characters beyond ASCII still do.  So did the
 * invisible ones (zero-width space, joiners, word joiner, BOM, soft
 * hyphen), with which two names that differ look the same: "ring" and
 * "ri<U+200B>ng" in one list. */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

static void shown_is(const char *text, const char *want)
{
	char buf[SM_SHOWN_TEXT_SIZE(64)];
	sm_shown_text(text, buf, sizeof buf);
	if (strcmp(buf, want) != 0) {
		fprintf(stderr, "shown \"%s\", want \"%s\"\n", buf, want);
		exit(T_EXIT_FAIL);
	}
}

int main(void)
{
	shown_is("x\xe2\x80\xae" "fdp.txt", "x\\xe2\\x80\\xaefdp.txt"); /* RLO */
	shown_is("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", /* LRE RLE PDF LRO */
		 "\\xe2\\x80\\xaa\\xe2\\x80\\xab\\xe2\\x80\\xac\\xe2\\x80\\xad");
	shown_is("\xe2\x81\xa6\xe2\x81\xa9", "\\xe2\\x81\\xa6\\xe2\\x81\\xa9"); /* LRI PDI */
	shown_is("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", /* LRM RLM ALM */
		 "\\xe2\\x80\\x8e\\xe2\\x80\\x8f\\xd8\\x9c");
	shown_is("a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\xe2\\x80\\xa8b\\xe2\\x80\\xa9"); /* LS PS */
	shown_is("ri\xe2\x80\x8bng", "ri\\xe2\\x80\\x8bng"); /* ZWSP */
	shown_is("\xe2\x80\x8c\xe2\x80\x8d", "\\xe2\\x80\\x8c\\xe2\\x80\\x8d"); /* ZWNJ ZWJ */
	shown_is("\xe2\x81\xa0\xe2\x81\xa4", "\\xe2\\x81\\xa0\\xe2\\x81\\xa4"); /* WJ, U+2064 */
	shown_is("\xef\xbb\xbf" "a\xc2\xad", "\\xef\\xbb\\xbfa\\xc2\\xad"); /* BOM, SHY */
	/* Neighbours of those ranges, and letters of any script, as they are. */
	shown_is("\xe2\x80\x8a\xef\xbb\xbe\xc2\xae", "\xe2\x80\x8a\xef\xbb\xbe\xc2\xae");
	shown_is("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa", "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
	shown_is("\xc3\xa9\xd7\x90\xe2\x82\xac", "\xc3\xa9\xd7\x90\xe2\x82\xac");
	return T_EXIT_PASS;
}
