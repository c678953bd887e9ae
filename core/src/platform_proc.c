/* platform_proc.c — process identity from /proc. */
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* Parse /proc/PID/stat: the state letter (field 3) and start time (field
 * 22).  0 on success, -1 if there is no such process or it is unreadable. */
static int read_stat(int32_t pid, char *state, uint64_t *start_time)
{
	if (pid <= 0)
		return -1;
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_small_file(path, buf, sizeof buf) <= 0)
		return -1;
	/* The command name (field 2) may hold spaces and ')': skip past the
	 * last ')'.  Field 3 follows it; field 22 is the 20th after it. */
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return -1;
	*state = p[2];
	p++;
	for (int field = 3; field < 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
	}
	unsigned long long t = strtoull(p + 1, NULL, 10);
	*start_time = t ? (uint64_t)t : 1; /* a process started at tick 0 reads 1 */
	return 0;
}

uint64_t smi_proc_start_time(int32_t pid)
{
	char state;
	uint64_t t;
	return read_stat(pid, &state, &t) == 0 ? t : 0;
}

/* Call `line_fn` on each line of /proc/PID/status until it returns true.
 * -1 if the file cannot be opened, else 0.  getline, not a fixed buffer:
 * the Groups line may be long. */
static int each_status_line(int32_t pid, bool (*line_fn)(const char *line, void *ctx),
			    void *ctx)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0)
		if (line_fn(line, ctx))
			break;
	free(line);
	fclose(f);
	return 0;
}

struct status_number {
	const char *key; /* "Threads:" */
	long value;      /* 0 until found */
};

static bool read_status_number(const char *line, void *number)
{
	struct status_number *n = number;
	size_t len = strlen(n->key);
	if (strncmp(line, n->key, len) != 0)
		return false;
	n->value = strtol(line + len, NULL, 10);
	return true;
}

/* The number on line `key` of /proc/PID/status, or 0 if unreadable. */
static long status_number(int32_t pid, const char *key)
{
	struct status_number n = { key, 0 };
	each_status_line(pid, read_status_number, &n);
	return n.value;
}

/* Whether process `pid`, whose leader thread is a zombie, still has
 * threads (/proc/PID/status "Threads:" counts the leader until it is
 * reaped, and each other thread until it exits). */
static bool other_threads_run(int32_t pid)
{
	return status_number(pid, "Threads:") > 1;
}

/* Whether `pid` names a thread of another process rather than a process
 * (its thread group's id differs): /proc/TID/stat exists for every
 * thread.  False if its status cannot be read (no proof). */
static bool names_a_thread(int32_t pid)
{
	long tgid = status_number(pid, "Tgid:");
	return tgid > 0 && tgid != pid;
}

int smi_proc_alive(int32_t pid, uint64_t start_time)
{
	if (pid <= 0)
		return 0;
	char state;
	uint64_t now;
	if (read_stat(pid, &state, &now) < 0) {
		/* /proc unreadable (hidepid): fall back to kill(0).  A process
		 * that exists but whose start time cannot be read is taken to be
		 * the one asked about: never declare a live lock holder or
		 * segment owner dead on a guess. */
		return kill(pid, 0) == 0 || errno == EPERM;
	}
	/* A zombie (killed, not yet reaped) holds nothing any more: dead.  But
	 * the leader of a process whose main thread exited (pthread_exit)
	 * while others run shows 'Z' too: that process is alive. */
	if ((state == 'Z' || state == 'X') && !other_threads_run(pid))
		return 0;
	if (start_time)
		return now == start_time; /* a thread's is its own, never a holder's */
	/* The pid alone: holders record getpid(), never a thread's id. */
	return !names_a_thread(pid);
}

struct smi_proc_id smi_proc_self(void)
{
	static _Thread_local struct smi_proc_id cached;
	int32_t pid = (int32_t)getpid();
	if (cached.pid != pid) {
		cached.pid = pid;
		cached.start_time = smi_proc_start_time(pid);
	}
	return cached;
}

void smi_proc_name(int32_t pid, char *buf, size_t size)
{
	char path[64];
	if (size == 0)
		return;
	buf[0] = '\0';
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	char tmp[64];
	if (read_small_file(path, tmp, sizeof tmp) <= 0)
		return;
	tmp[strcspn(tmp, "\n")] = '\0';
	snprintf(buf, size, "%s", tmp);
}

/* The fourth number of a "Uid:" or "Gid:" line (real, effective, saved,
 * filesystem). */
static uint32_t fourth_id(const char *p)
{
	char *end;
	unsigned long v = 0;
	for (int i = 0; i < 4; i++, p = end)
		v = strtoul(p, &end, 10);
	return (uint32_t)v;
}

static void parse_groups(const char *p, struct smi_proc_cred *cred)
{
	char *end;
	for (unsigned long g = strtoul(p, &end, 10); end != p; g = strtoul(p, &end, 10)) {
		if (cred->n_groups == SMI_CRED_MAX_GROUPS) {
			cred->groups_cut = true;
			return;
		}
		cred->groups[cred->n_groups++] = (uint32_t)g;
		p = end;
	}
}

struct cred_scan {
	struct smi_proc_cred *cred;
	int seen; /* Uid and Gid lines */
};

static bool read_cred_line(const char *line, void *ctx)
{
	struct cred_scan *scan = ctx;
	if (strncmp(line, "Uid:", 4) == 0 && ++scan->seen)
		scan->cred->fsuid = fourth_id(line + 4);
	else if (strncmp(line, "Gid:", 4) == 0 && ++scan->seen)
		scan->cred->fsgid = fourth_id(line + 4);
	else if (strncmp(line, "Groups:", 7) == 0)
		parse_groups(line + 7, scan->cred);
	return false;
}

int smi_proc_cred_read(int32_t pid, struct smi_proc_cred *cred)
{
	memset(cred, 0, sizeof *cred);
	struct cred_scan scan = { .cred = cred };
	if (each_status_line(pid, read_cred_line, &scan) < 0)
		return -1;
	return scan.seen == 2 ? 0 : -1;
}
