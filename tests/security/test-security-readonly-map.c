/* Security: the monitor paths never map writable.  A read-only open of
 * every kind maps the file without write permission (checked in
 * /proc/self/maps: every mapping of the file in this process), cannot be
 * upgraded with mprotect(), faults on a stray store instead of changing
 * the segment, and refuses the kind's writing calls with an error.
 * stat and list map nothing at all.  The owner lives in a child process,
 * so this process holds only the monitor's mappings. */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../testlib.h"
#include "sec_kinds.h"

static const struct sec_kind *kind;
static const char *name;
static int to_owner[2], from_owner[2];

static int owner(void *arg)
{
	(void)arg;
	void *h;
	char c = kind->create(name, 0, 0, &h) == 0 ? 'k' : 'x';
	CHECK_EQ(write(from_owner[1], &c, 1), 1);
	CHECK_EQ(read(to_owner[0], &c, 1), 1); /* until the monitor is done */
	if (h)
		kind->close(h);
	return 0;
}

/* Every mapping of /dev/shm/sm.<name> in this process: how many, how many
 * of them are writable, and where the first one starts. */
static void count_mappings(int *total, int *writable, void **first)
{
	char want[128], line[512];
	snprintf(want, sizeof want, " /dev/shm/sm.%s", name);
	size_t wlen = strlen(want);
	FILE *f = fopen("/proc/self/maps", "r");
	CHECK(f != NULL);
	*total = *writable = 0;
	if (first)
		*first = NULL;
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, want);
		if (!p || (p[wlen] != '\n' && p[wlen] != ' ' && p[wlen] != '\0'))
			continue;
		char perms[8];
		unsigned long start;
		CHECK(sscanf(line, "%lx-%*x %7s", &start, perms) == 2);
		if (first && !*first)
			*first = (void *)start;
		(*total)++;
		if (strchr(perms, 'w'))
			(*writable)++;
	}
	fclose(f);
}

static int store_to(void *arg)
{
	signal(SIGSEGV, SIG_DFL); /* die of it, even under ASan */
	*(volatile uint32_t *)arg = 0xdeadbeef; /* must fault */
	return 0;
}

static void monitor(void)
{
	int total, writable;
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, 0);
	count_mappings(&total, &writable, NULL);
	CHECK_EQ(total, 0); /* stat maps nothing */

	void *h;
	CHECK_EQ(kind->open(name, SM_OPEN_READONLY, &h), 0);
	if (kind->segment)
		CHECK(sm_segment_is_readonly(kind->segment(h)));
	void *base;
	count_mappings(&total, &writable, &base);
	CHECK(total >= 1);
	CHECK_EQ(writable, 0);

	/* No way to upgrade: the file was opened read-only. */
	long page = sysconf(_SC_PAGESIZE);
	CHECK(mprotect(base, (size_t)page, PROT_READ | PROT_WRITE) < 0);
	CHECK_EQ(errno, EACCES);

	/* A stray store faults rather than changing the segment. */
	const struct sm_header *hdr = base;
	uint32_t before = hdr->flags;
	CHECK_EQ(t_wait(t_fork(store_to, (void *)&hdr->flags)), 128 + SIGSEGV);
	CHECK_EQ(hdr->flags, before);

	if (kind->refuse_writes)
		CHECK_EQ(kind->refuse_writes(h), 0);
	count_mappings(&total, &writable, NULL);
	CHECK_EQ(writable, 0);
	kind->close(h);
	count_mappings(&total, &writable, NULL);
	CHECK_EQ(total, 0);

	/* Control: a read-write open does map writable. */
	CHECK_EQ(kind->open(name, 0, &h), 0);
	count_mappings(&total, &writable, NULL);
	CHECK(writable >= 1);
	kind->close(h);
}

int main(void)
{
	for (unsigned k = 0; k < sec_n_kinds; k++) {
		kind = &sec_kinds[k];
		name = t_name(kind->what);
		CHECK(pipe(to_owner) == 0 && pipe(from_owner) == 0);
		pid_t pid = t_fork(owner, NULL);
		char c;
		CHECK_EQ(read(from_owner[0], &c, 1), 1);
		CHECK_EQ(c, 'k');
		monitor();
		CHECK_EQ(write(to_owner[1], "q", 1), 1);
		CHECK_EQ(t_wait(pid), 0);
		for (int i = 0; i < 2; i++) {
			close(to_owner[i]);
			close(from_owner[i]);
		}
	}
	return T_EXIT_PASS;
}
