/* test-segment-label-cut.c — a label longer than SM_LABEL_MAX bytes is cut
 * (segment.h), but at a character: a multi-byte UTF-8 character across
 * the limit was cut in two, and every monitor showed its first byte as
 * an escape ("...aaa\xc3" in `sharedmem list`, inspect and the
 * workbench).  Bytes that are no character in the label given stay as
 * they were. */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

/* The label a segment created with `label` is listed with. */
static void listed_label(const char *tag, const char *label, char out[SM_LABEL_MAX + 1])
{
	const char *name = t_name(tag);
	struct sm_segment_options opts = { .label = label };
	sm_buffer *b;
	CHECK_EQ(sm_buffer_create(&b, name, 64, &opts), 0);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, 0);
	memcpy(out, info.label, SM_LABEL_MAX + 1);
	sm_buffer_close(b);
}

int main(void)
{
	char a30[31], want[64], got[SM_LABEL_MAX + 1], shown[SM_SHOWN_TEXT_SIZE(SM_LABEL_MAX)];
	memset(a30, 'a', 30);
	a30[30] = '\0';

	/* "é" (2 bytes) at bytes 30..31: only its first fits. */
	snprintf(want, sizeof want, "%s\xc3\xa9", a30);
	listed_label("label-2", want, got);
	CHECK_EQ(strcmp(got, a30), 0);
	CHECK(strstr(sm_shown_text(got, shown, sizeof shown), "\\x") == NULL);

	/* "€" (3 bytes) at bytes 29..31, after 29 'a'. */
	snprintf(want, sizeof want, "%.29s\xe2\x82\xac", a30);
	listed_label("label-3", want, got);
	CHECK_EQ(strcmp(got, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 0);

	/* Fits exactly: kept whole. */
	snprintf(want, sizeof want, "%.29s\xc3\xa9", a30);
	listed_label("label-fits", want, got);
	CHECK_EQ(strcmp(got, want), 0);

	/* A stray byte at the limit is the caller's, not a cut character. */
	snprintf(want, sizeof want, "%s\xff\xff", a30);
	listed_label("label-stray", want, got);
	CHECK_EQ(strlen(got), SM_LABEL_MAX);
	CHECK_EQ(memcmp(got, want, SM_LABEL_MAX), 0);
	return T_EXIT_PASS;
}
