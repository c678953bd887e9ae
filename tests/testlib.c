/* testlib.c — see testlib.h. */
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *t_name(const char *tag)
{
	static char names[8][64];
	static int next;
	char *buf = names[next++ % 8];
	snprintf(buf, sizeof names[0], "t-%s-%d", tag, (int)getpid());
	return buf;
}

static void path_of(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "/dev/shm/sm.%s", name);
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

void t_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
