/* The list's Attached column counts the processes it can see and says when
 * there may be more: other users' processes whose mappings cannot be read
 * but who may open the file (sm_segment_info.attached_unknown; the CLI's
 * list shows "?").  It said "0" or "1: PID" as if that were all.  No
 * display needed. */
#include <string.h>

#include "../testlib.h"
#include "sm-segment-item.h"

static char *attached_text(const struct sm_segment_info *info)
{
	SmSegmentItem *item = sm_segment_item_new(info, 0);
	char *text = NULL;
	g_object_get(item, "attached-text", &text, NULL);
	g_object_unref(item);
	fprintf(stderr, "attached: %s\n", text);
	return text;
}

int main(void)
{
	struct sm_segment_info info;
	memset(&info, 0, sizeof info);
	g_strlcpy(info.name, "t-segment-item", sizeof info.name);
	info.kind = SM_KIND_RING;
	info.state = SM_STATE_READY;

	g_autofree char *none = attached_text(&info);
	CHECK(g_strcmp0(none, "0") == 0);

	info.attached_unknown = true;
	info.unknown_pid = 1234;
	g_autofree char *unknown = attached_text(&info);
	CHECK(g_str_has_prefix(unknown, "0+?"));

	info.n_attached = 1;
	info.attached[0] = 2147483646; /* no such process: no command name */
	g_autofree char *one = attached_text(&info);
	CHECK(g_str_has_prefix(one, "1+?: 2147483646"));
	return T_EXIT_PASS;
}
