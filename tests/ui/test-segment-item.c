/* The list's Attached column counts the processes it can see and says when
 * there may be more: other users' processes whose mappings cannot be read
 * but who may open the file (sm_segment_info.attached_unknown; the CLI's
 * list shows "?").  It said "0" or "1: PID" as if that were all; and
 * "16" for more processes than the info holds pids of.  And
 * another user's segment is private, not broken.  The Age column said
 * "0 s" for a segment created in the future (a clock set back, a damaged
 * header), and "3 h" where `sharedmem list` said "3h02m": both show
 * sm_age_text() now.  No display needed. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "../testlib.h"
#include "sm-segment-item.h"

static char *item_text(const struct sm_segment_info *info, const char *prop)
{
	SmSegmentItem *item = sm_segment_item_new(info, 0);
	char *text = NULL;
	g_object_get(item, prop, &text, NULL);
	g_object_unref(item);
	fprintf(stderr, "%s: %s\n", prop, text);
	return text;
}

static char *age_text(guint64 created_ns, gint64 now_ns)
{
	struct sm_segment_info info;
	memset(&info, 0, sizeof info);
	g_strlcpy(info.name, "t-segment-item-age", sizeof info.name);
	info.kind = SM_KIND_BUFFER;
	info.state = SM_STATE_READY;
	info.created_ns = created_ns;
	SmSegmentItem *item = sm_segment_item_new(&info, now_ns);
	char *text = NULL;
	g_object_get(item, "age-text", &text, NULL);
	g_object_unref(item);
	fprintf(stderr, "age-text: %s\n", text);
	return text;
}

static int check_age(void)
{
	const gint64 now = G_GINT64_CONSTANT(1700000000) * 1000000000;
	const gint64 s = 1000000000;
	g_autofree char *hours = age_text((guint64)(now - (3 * 3600 + 2 * 60 + 7) * s), now);
	CHECK(g_strcmp0(hours, "3h02m") == 0);
	g_autofree char *future = age_text((guint64)(now + 3600 * s), now);
	CHECK(g_strcmp0(future, "in the future") == 0);
	return T_EXIT_PASS;
}

static char *attached_text(const struct sm_segment_info *info)
{
	return item_text(info, "attached-text");
}

/* Another user's private segment (stat: -EACCES) is listed as private,
 * not broken, and not counted among the broken. */
static int check_private(void)
{
	struct sm_segment_info info;
	memset(&info, 0, sizeof info);
	g_strlcpy(info.name, "t-segment-item-private", sizeof info.name);
	info.status = -EACCES;
	info.file_type = S_IFREG;
	info.file_size = 4096;
	g_autofree char *status = item_text(&info, "status-short");
	CHECK(g_strcmp0(status, "Private") == 0);
	g_autofree char *why = item_text(&info, "status-text");
	CHECK(g_str_has_prefix(why, "Private: permission denied"));
	g_autofree char *icon = item_text(&info, "icon-name");
	CHECK(g_strcmp0(icon, "changes-prevent-symbolic") == 0);
	SmSegmentItem *item = sm_segment_item_new(&info, 0);
	CHECK(!sm_segment_item_get_broken(item));
	CHECK(sm_segment_item_get_private(item));
	g_object_unref(item);
	return T_EXIT_PASS;
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

	/* More processes than the info holds pids of: all counted, and the
	 * text says that some are not named (it said "16"). */
	info.attached_unknown = false;
	info.n_attached = SM_INFO_MAX_ATTACHED;
	for (int i = 0; i < SM_INFO_MAX_ATTACHED; i++)
		info.attached[i] = 2147483646 - i;
	info.attached_more = 5;
	g_autofree char *many = attached_text(&info);
	CHECK(g_str_has_prefix(many, "21: 2147483646"));
	CHECK(g_str_has_suffix(many, ", 5 more"));
	SmSegmentItem *item = sm_segment_item_new(&info, 0);
	int count = 0;
	g_object_get(item, "attached", &count, NULL);
	CHECK_EQ(count, 21);
	g_object_unref(item);
	CHECK_EQ(check_age(), T_EXIT_PASS);
	return check_private();
}
