/* helpers.c — see helpers.h. */
#include "helpers.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

pid_t t_exec_self(int *out_fd, const char *const args[])
{
	int fds[2] = { -1, -1 };
	if (out_fd && pipe(fds) < 0) {
		perror("pipe");
		exit(T_EXIT_FAIL);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(T_EXIT_FAIL);
	}
	if (pid == 0) {
		const char *argv[16] = { "test-helper" };
		size_t n = 1;
		while (args[n - 1] && n < 15) {
			argv[n] = args[n - 1];
			n++;
		}
		argv[n] = NULL;
		if (out_fd) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
		}
		execv("/proc/self/exe", (char *const *)argv);
		perror("execv");
		_exit(T_EXIT_FAIL);
	}
	if (out_fd) {
		close(fds[1]);
		*out_fd = fds[0];
	}
	return pid;
}

void t_die_with_parent(void)
{
	/* exec kept our parent; if it is already gone, we are init's now. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
		_exit(T_EXIT_FAIL);
}

int t_live_forever(void *arg)
{
	(void)arg;
	t_die_with_parent();
	for (;;)
		pause();
	return 0;
}

int t_leave_stale_buffer(void *name)
{
	sm_buffer *buf;
	return sm_buffer_create(&buf, name, 64, NULL) == 0 ? 0 : 1;
}

char t_read_signal(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1) {
		fprintf(stderr, "helper process ended before signalling\n");
		exit(T_EXIT_FAIL);
	}
	return c;
}

void t_patch_file(const char *name, off_t offset, const void *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0 || pwrite(fd, data, len, offset) != (ssize_t)len) {
		perror(path);
		exit(T_EXIT_FAIL);
	}
	close(fd);
}

void t_wait_until(int (*cond_fn)(void *), void *arg, const char *what)
{
	for (int i = 0; i < 5000; i++) {
		if (cond_fn(arg))
			return;
		t_sleep_ms(1);
	}
	fprintf(stderr, "timed out waiting until %s\n", what);
	exit(T_EXIT_FAIL);
}

sm_rwlock *t_locked_buffer(const char *tag, size_t size, const char **name, sm_buffer **buf)
{
	const char *named = t_name(tag);
	t_remove_at_exit(named);
	CHECK_EQ(sm_buffer_create(buf, named, size, NULL), 0);
	if (name)
		*name = named;
	return sm_buffer_lock(*buf);
}

int t_lock_has_sleeper(void *lock)
{
	struct sm_rwlock_info info;
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	return info.waiters >= 1;
}

int t_lock_writer_pending(void *lock)
{
	struct sm_rwlock_info info;
	CHECK_EQ(sm_rwlock_get_info(lock, &info), 0);
	return info.pending_writer != 0;
}
