/* inspect.c — decode a header copy into displayable fields. */
#include "sharedmem/inspect.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "inspect_internal.h"
#include "platform.h"

/* A local date for ns since the epoch; "unknown" for 0, which sharedmem
 * never records (a header made by hand or by a foreign tool), not 1970. */
static void time_text(uint64_t ns, char *buf, size_t size)
{
	if (ns == 0) {
		snprintf(buf, size, "unknown");
		return;
	}
	time_t secs = (time_t)(ns / 1000000000u);
	struct tm tm;
	char date[40] = "?";
	if (localtime_r(&secs, &tm))
		strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03u", date, (unsigned)(ns % 1000000000u / 1000000u));
}

void smi_field_add(struct smi_fields *f, uint32_t offset, uint32_t size, const char *name,
		   enum sm_field_type type, uint64_t raw)
{
	if (f->count < f->max) {
		struct sm_field *x = &f->out[f->count];
		x->offset = offset;
		x->size = size;
		x->name = name;
		x->type = type;
		x->raw = raw;
		x->value[0] = '\0';
		switch (type) {
		case SM_FIELD_HEX:
			snprintf(x->value, sizeof x->value, "0x%llx", (unsigned long long)raw);
			break;
		case SM_FIELD_SIZE:
			if (raw >= 1024) {
				char human[SM_SIZE_TEXT_SIZE];
				snprintf(x->value, sizeof x->value, "%llu (%s)", (unsigned long long)raw,
					 sm_size_text(raw, human, sizeof human));
			} else
				snprintf(x->value, sizeof x->value, "%llu", (unsigned long long)raw);
			break;
		case SM_FIELD_TIME:
			time_text(raw, x->value, sizeof x->value);
			break;
		case SM_FIELD_PID: {
			char comm[32];
			smi_proc_name((int32_t)raw, comm, sizeof comm);
			snprintf(x->value, sizeof x->value, "%lld (%s)", (long long)(int32_t)raw,
				 comm[0] ? comm : "not running");
			break;
		}
		default:
			snprintf(x->value, sizeof x->value, "%llu", (unsigned long long)raw);
		}
	}
	f->count++;
}

struct sm_field *smi_field_last(struct smi_fields *f)
{
	return f->count <= f->max ? &f->out[f->count - 1] : NULL;
}

#define HDR(field) offsetof(struct sm_header, field), sizeof(((struct sm_header *)0)->field)

int sm_header_fields(const struct sm_header *h, struct sm_field *out, size_t max)
{
	if (!h || (!out && max))
		return -EINVAL;
	struct smi_fields f = { out, max, 0 };
	struct sm_field *x;
	smi_field_add(&f, HDR(magic), "magic", SM_FIELD_HEX, h->magic);
	if ((x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "0x%016llx%s", (unsigned long long)h->magic,
			 h->magic == SM_MAGIC ? " (SHRDMEM1)" : " (wrong)");
	smi_field_add(&f, HDR(version), "version", SM_FIELD_UINT, h->version);
	smi_field_add(&f, HDR(kind), "kind", SM_FIELD_ENUM, h->kind);
	if ((x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "%u (%s)", h->kind, sm_kind_name(h->kind));
	smi_field_add(&f, HDR(header_size), "header_size", SM_FIELD_SIZE, h->header_size);
	smi_field_add(&f, HDR(state), "state", SM_FIELD_ENUM, h->state);
	if ((x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "%u (%s)", h->state,
			 h->state == SM_STATE_READY ? "ready" : h->state == SM_STATE_INIT ? "initialising" : "invalid");
	smi_field_add(&f, HDR(total_size), "total_size", SM_FIELD_SIZE, h->total_size);
	smi_field_add(&f, HDR(payload_offset), "payload_offset", SM_FIELD_UINT, h->payload_offset);
	smi_field_add(&f, HDR(payload_size), "payload_size", SM_FIELD_SIZE, h->payload_size);
	int alive = smi_proc_alive(h->creator_pid, h->creator_start_time);
	smi_field_add(&f, HDR(creator_pid), "creator_pid", SM_FIELD_PID, (uint64_t)(uint32_t)h->creator_pid);
	/* A dead creator's pid may be another process's now: not its name. */
	if (!alive && (x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "%d (not running)", (int)h->creator_pid);
	smi_field_add(&f, HDR(creator_uid), "creator_uid", SM_FIELD_UINT, h->creator_uid);
	smi_field_add(&f, HDR(creator_start_time), "creator_start_time", SM_FIELD_UINT, h->creator_start_time);
	if ((x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "%llu ticks after boot (%s)",
			 (unsigned long long)h->creator_start_time,
			 alive ? "owner alive" : "owner dead");
	smi_field_add(&f, HDR(created_ns), "created", SM_FIELD_TIME, h->created_ns);
	smi_field_add(&f, HDR(shutdown), "shutdown", SM_FIELD_UINT, h->shutdown);
	if ((x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "%u (%s)", h->shutdown, h->shutdown ? "closed by owner" : "open");
	smi_field_add(&f, HDR(flags), "flags", SM_FIELD_HEX, h->flags);
	smi_field_add(&f, HDR(label), "label", SM_FIELD_TEXT, 0);
	if ((x = smi_field_last(&f)))
		snprintf(x->value, sizeof x->value, "\"%.*s\"", (int)sizeof h->label, h->label);
	smi_kind_param_fields(h, &f);
	return (int)f.count;
}

const char *sm_size_text(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	if (bytes < 1024) {
		snprintf(buf, size, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	double v = (double)bytes / 1024.0;
	unsigned u = 0;
	/* 1023.95 and up would print as "1024.0": the next unit's "1.0". */
	while (v >= 1023.95 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

const char *sm_age_text(uint64_t created_ns, uint64_t now_ns, char *buf, size_t size)
{
	if (created_ns == 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (created_ns > now_ns) {
		snprintf(buf, size, "in the future");
		return buf;
	}
	unsigned long long s = (now_ns - created_ns) / 1000000000u;
	if (s >= 86400)
		snprintf(buf, size, "%llud%02lluh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, size, "%lluh%02llum", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, size, "%llum%02llus", s / 60, s % 60);
	else
		snprintf(buf, size, "%llus", s);
	return buf;
}

void sm_mode_string(unsigned mode, char *buf)
{
	static const char rwx[] = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		buf[i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	buf[9] = '\0';
}
