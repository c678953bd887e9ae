/* crash_rss.c — see crash_rss.h.
 *
 * "Flat": after a warm-up (the first sample of a process is taken while it
 * is still setting up), its resident size at the last sample is at most
 * 10 % or 1 MiB (whichever is more) above its size at the second sample. */
#include "crash_rss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash.h"

#define MAX_SAMPLES 4096

struct series {
	int32_t  pid;          /* of the incarnation being followed */
	uint32_t incarnation;
	bool     restarted;    /* killed at least once: not long-lived */
	unsigned n;
	long     kb[MAX_SAMPLES];
	long     max_kb_any;   /* over all incarnations */
};

struct crash_rss {
	unsigned n_slots;
	struct series self;
	struct series slot[];
};

static long rss_kb(int pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

struct crash_rss *crash_rss_new(unsigned n_slots)
{
	struct crash_rss *r = calloc(1, sizeof *r + n_slots * sizeof r->slot[0]);
	if (r)
		r->n_slots = n_slots;
	return r;
}

static void add(struct series *s, int pid, uint32_t incarnation)
{
	long kb = rss_kb(pid);
	if (kb < 0)
		return;
	if (s->n && (s->pid != pid || s->incarnation != incarnation)) {
		s->restarted = true;
		s->n = 0; /* follow the new incarnation */
	}
	s->pid = pid;
	s->incarnation = incarnation;
	if (s->n < MAX_SAMPLES)
		s->kb[s->n++] = kb;
	if (kb > s->max_kb_any)
		s->max_kb_any = kb;
}

void crash_rss_sample(struct crash_rss *r)
{
	if (!r)
		return;
	add(&r->self, (int)getpid(), 0);
	for (unsigned i = 0; i < r->n_slots; i++) {
		struct crash_slot *s = &crash->slots[i];
		int pid = atomic_load(&s->pid);
		if (pid)
			add(&r->slot[i], pid, s->incarnation);
	}
}

static const char *const role_names[ROLE_N_] = { "producer", "consumer", "owner", "server", "client" };

/* Print one process's line; true if it was followed long enough and grew. */
static bool report_one(const char *what, unsigned index, const struct series *s)
{
	if (s->restarted) {
		printf("  %-8s %u: killed and restarted during the run; largest %ld kB\n", what, index,
		       s->max_kb_any);
		return false;
	}
	if (s->n < 3) {
		printf("  %-8s %u: too few samples (%u)\n", what, index, s->n);
		return false;
	}
	long first = s->kb[1], last = s->kb[s->n - 1], max = first;
	for (unsigned i = 1; i < s->n; i++)
		if (s->kb[i] > max)
			max = s->kb[i];
	long allowed = first / 10 > 1024 ? first / 10 : 1024;
	bool grew = last > first + allowed;
	printf("  %-8s %u: %ld kB after warm-up, %ld kB at the end, %ld kB at most, %u samples: %s\n",
	       what, index, first, last, max, s->n, grew ? "GREW" : "flat");
	return grew;
}

int crash_rss_report(const struct crash_rss *r)
{
	if (!r)
		return 0;
	printf("memory (VmRSS) of every process:\n");
	int grew = report_one("driver", 0, &r->self), watched = 1;
	for (unsigned i = 0; i < r->n_slots; i++) {
		const struct crash_slot *s = &crash->slots[i];
		grew += report_one(role_names[s->role], s->index, &r->slot[i]);
		watched += !r->slot[i].restarted;
	}
	printf("count: soak: memory flat in %d of %d long-lived processes\n", watched - grew, watched);
	return grew;
}
