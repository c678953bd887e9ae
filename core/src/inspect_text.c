/* inspect_text.c — untrusted text (names, labels, process names) as
 * people see it, in the CLI's tables and the workbench alike. */
#include "sharedmem/inspect.h"

#include <stdio.h>
#include <string.h>

size_t sm_utf8_char(const unsigned char *s, size_t left, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* Length, and the range of the second byte that rules out overlong
	 * forms, surrogates (ED A0..BF) and code points beyond U+10FFFF. */
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, lo = s[0] == 0xe0 ? 0xa0 : 0x80, hi = s[0] == 0xed ? 0x9f : 0xbf;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, lo = s[0] == 0xf0 ? 0x90 : 0x80, hi = s[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (left < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	*cp = s[0] & lead_mask[len];
	for (size_t i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3f);
	return len;
}

int sm_is_control(uint32_t cp)
{
	/* Past C0, DEL and C1: the line and paragraph separators (U+2028,
	 * U+2029: line breaks where the text is laid out), the bidi
	 * controls, which show the text around them in another order, and
	 * the invisible characters (zero-width space and joiners, word
	 * joiner and invisible operators, BOM, soft hyphen), with which two
	 * different names look alike. */
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c ||
	       (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff ||
	       cp == 0x00ad;
}

/* sm_shown_text()'s output for the character (or stray byte) at s, into
 * piece.  Returns how many bytes of s it took. */
static size_t text_piece(const unsigned char *s, size_t left, char piece[17])
{
	uint32_t cp;
	size_t len = sm_utf8_char(s, left, &cp);
	if (len && !sm_is_control(cp)) {
		if (*s == '\\')
			memcpy(piece, "\\\\", 3);
		else
			memcpy(piece, s, len), piece[len] = '\0';
		return len;
	}
	size_t take = len ? len : 1; /* a control character's bytes, or one stray byte */
	for (size_t i = 0; i < take; i++)
		snprintf(piece + 4 * i, 5, "\\x%02x", s[i]);
	return take;
}

const char *sm_shown_text(const char *text, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t left = strlen(text), used = 0;
	char piece[17];
	while (left) {
		size_t took = text_piece(s, left, piece), n = strlen(piece);
		if (used + n >= size)
			break; /* cut at a character */
		memcpy(buf + used, piece, n);
		used += n;
		s += took;
		left -= took;
	}
	if (size)
		buf[used] = '\0';
	return buf;
}
