/* cli-segment-info.c — see cli-segment-info.h. */
#include "cli-segment-info.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sharedmem.h"

const char *cli_info_owner(const struct sm_segment_info *s, char *buf, size_t size)
{
	if (s->status < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%d %s", (int)s->owner_pid, s->owner_alive ? "alive" : "dead");
	return buf;
}

const char *cli_info_attached(const struct sm_segment_info *s, char *buf, size_t size)
{
	/* Whole pids only, keeping room for the count of those that did not
	 * fit (or that the info holds no pid of) and the '?' (maybe processes
	 * whose maps we cannot read): a pid cut short reads as another process. */
	int all = sm_segment_info_attached(s);
	char tail_room[32]; /* the widest tail */
	size_t tail = (size_t)snprintf(tail_room, sizeof tail_room, ",+%d,?", all) + 1;
	size_t used = 0;
	int shown = 0;
	buf[0] = '\0';
	for (; shown < s->n_attached; shown++) {
		char item[16];
		int w = snprintf(item, sizeof item, "%s%d", shown ? "," : "", (int)s->attached[shown]);
		if (w < 0 || used + (size_t)w + tail > size)
			break;
		memcpy(buf + used, item, (size_t)w + 1);
		used += (size_t)w;
	}
	if (shown < all && used + tail <= size)
		used += (size_t)snprintf(buf + used, size - used, "%s+%d", used ? "," : "", all - shown);
	if (s->attached_unknown && used + 2 < size)
		snprintf(buf + used, size - used, "%s?", used ? "," : "");
	else if (!buf[0])
		snprintf(buf, size, "-");
	return buf;
}

/* The words for sm_segment_info_status(), in tables and JSON alike. */
static const char *const status_words[] = {
	[SM_ENTRY_OK] = "ok",
	[SM_ENTRY_OWNER_DEAD] = "owner-dead",
	[SM_ENTRY_CLOSED] = "closed",
	[SM_ENTRY_INITIALISING] = "initialising",
	[SM_ENTRY_STALE] = "stale",
	[SM_ENTRY_UNKNOWN] = "unknown",
	[SM_ENTRY_PRIVATE] = "private",
	[SM_ENTRY_BROKEN] = "broken",
};

static const char *status_word(const struct sm_segment_info *s)
{
	return status_words[sm_segment_info_status(s)];
}

const char *cli_info_status(const struct sm_segment_info *s, char *buf, size_t size)
{
	char reason[SM_INFO_REASON_SIZE];
	if (sm_segment_info_status(s) == SM_ENTRY_BROKEN)
		snprintf(buf, size, "broken: %s", sm_segment_info_reason(s, reason, sizeof reason));
	else
		snprintf(buf, size, "%s", status_word(s));
	return buf;
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t cli_info_age_s(const struct sm_segment_info *s)
{
	uint64_t now = realtime_ns();
	return s->created_ns && now > s->created_ns ? (now - s->created_ns) / 1000000000u : 0;
}

const char *cli_info_age(const struct sm_segment_info *s, char *buf, size_t size)
{
	return sm_age_text(s->created_ns, realtime_ns(), buf, size);
}

const char *cli_user_name(uint32_t uid, char *buf, size_t size)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];
	if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &res) == 0 && res)
		snprintf(buf, size, "%s", res->pw_name);
	else
		snprintf(buf, size, "%u", uid);
	return buf;
}

void cli_info_json(struct cli_json *j, const char *key, const struct sm_segment_info *s)
{
	char text[128];
	cj_object(j, key);
	cj_str(j, "name", s->name);
	cj_str(j, "kind", s->status == 0 ? sm_kind_name(s->kind) : NULL);
	cj_str(j, "status", status_word(s));
	char reason[SM_INFO_REASON_SIZE];
	cj_str(j, "error", s->status < 0 ? sm_segment_info_reason(s, reason, sizeof reason) : NULL);
	cj_str(j, "error_code", s->status < 0 ? sm_strerror_name(s->status) : NULL);
	cj_u64(j, "file_size", s->file_size);
	cj_u64(j, "total_size", s->total_size);
	cj_u64(j, "payload_size", s->payload_size);
	cj_i64(j, "owner_pid", s->owner_pid);
	cj_bool(j, "owner_alive", s->owner_alive == 1);
	cj_bool(j, "stale", s->stale);
	cj_bool(j, "shutdown", s->shutdown);
	snprintf(text, sizeof text, "%04o", s->mode);
	cj_str(j, "mode", text);
	cj_u64(j, "uid", s->uid);
	cj_str(j, "user", cli_user_name(s->uid, text, sizeof text));
	cj_u64(j, "created_ns", s->created_ns);
	cj_u64(j, "age_s", s->status == 0 ? cli_info_age_s(s) : 0);
	cj_str(j, "label", s->label);
	cj_array(j, "attached");
	for (int i = 0; i < s->n_attached; i++)
		cj_i64(j, NULL, s->attached[i]);
	cj_end(j);
	cj_i64(j, "attached_more", s->attached_more);
	cj_bool(j, "attached_unknown", s->attached_unknown);
	if (s->attached_unknown)
		cj_i64(j, "unknown_pid", s->unknown_pid);
	else
		cj_null(j, "unknown_pid");
	cj_end(j);
}
