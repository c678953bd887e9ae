/* testlib.c — see testlib.h. */
#include "testlib.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void path_of(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "/dev/shm/sm.%s", name);
}

/* Every name t_name() handed out, removed (with an RPC pair's .c2s/.s2c
 * files) when the process that asked for it exits, even when a CHECK
 * failed midway.  Forked children that exit() leave them to the parent. */
#define T_MAX_NAMES 64
static char t_names[T_MAX_NAMES][64];
static int t_n_names;
static pid_t t_names_pid;

static void t_remove_names(void)
{
	if (getpid() != t_names_pid)
		return;
	static const char *const suffixes[] = { "", ".c2s", ".s2c" };
	for (int i = 0; i < t_n_names; i++)
		for (size_t j = 0; j < sizeof suffixes / sizeof suffixes[0]; j++) {
			char path[96];
			snprintf(path, sizeof path, "/dev/shm/sm.%.63s%s", t_names[i], suffixes[j]);
			unlink(path);
		}
}

void t_remove_at_exit(const char *name)
{
	if (t_names_pid != getpid()) { /* first call, or first in a forked child */
		t_names_pid = getpid();
		t_n_names = 0;
		static bool registered;
		if (!registered)
			registered = atexit(t_remove_names) == 0;
	}
	for (int i = 0; i < t_n_names; i++)
		if (strcmp(t_names[i], name) == 0)
			return;
	if (t_n_names < T_MAX_NAMES)
		snprintf(t_names[t_n_names++], sizeof t_names[0], "%s", name);
}

const char *t_name(const char *tag)
{
	static char names[8][64];
	static int next;
	char *buf = names[next++ % 8];
	snprintf(buf, sizeof names[0], "t-%s-%d", tag, (int)getpid());
	t_remove_at_exit(buf);
	return buf;
}

void t_write_file(const char *name, const void *data, size_t len)
{
	char path[128];
	path_of(name, path, sizeof path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len)) {
		perror(path);
		exit(T_EXIT_FAIL);
	}
	close(fd);
}

void t_remove_file(const char *name)
{
	char path[128];
	path_of(name, path, sizeof path);
	unlink(path);
}

pid_t t_fork(int (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(T_EXIT_FAIL);
	}
	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

int t_wait(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

#define T_MAX_CASES 64

struct t_case {
	void (*fn)(int i);
	int i;
};

static int t_run_case(void *arg)
{
	const struct t_case *c = arg;
	c->fn(c->i);
	exit(T_EXIT_PASS); /* (not _exit: the case's segments go at exit) */
}

void t_cases_at_once(int n, void (*case_fn)(int i))
{
	pid_t pids[T_MAX_CASES];
	CHECK(n <= T_MAX_CASES);
	for (int i = 0; i < n; i++) {
		struct t_case c = { case_fn, i };
		pids[i] = t_fork(t_run_case, &c);
	}
	int failed = 0;
	for (int i = 0; i < n; i++) {
		int rc = t_wait(pids[i]);
		if (rc != T_EXIT_PASS) {
			fprintf(stderr, "case %d of %d failed (exit status %d)\n", i, n, rc);
			failed++;
		}
	}
	if (failed)
		exit(T_EXIT_FAIL);
}

void t_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

uint64_t t_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t t_now_ms(void)
{
	return t_now_ns() / 1000000;
}

char t_thread_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) S ...": comm may hold spaces and ')', so the last ')' */
	const char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}
