/* A process whose main thread has exited (pthread_exit) while another of
 * its threads runs can still create segments: the kernel then hides the
 * process's /proc/self/fd (the leader's), but not the thread's own. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;
static int result[2];

/* True once this process's leader thread shows as a zombie. */
static bool leader_gone(void)
{
	return t_thread_state(getpid(), getpid()) == 'Z';
}

static void *create(void *arg)
{
	(void)arg;
	while (!leader_gone())
		t_sleep_ms(1);
	sm_buffer *b;
	int r = sm_buffer_create(&b, name, 64, NULL);
	CHECK_EQ(write(result[1], &r, sizeof r), (ssize_t)sizeof r);
	sm_buffer_close(b);
	exit(0);
}

static int child(void *arg)
{
	(void)arg;
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, create, NULL), 0);
	pthread_exit(NULL);
}

int main(void)
{
	name = t_name("leader-create");
	t_remove_at_exit(name);
	CHECK_EQ(pipe(result), 0);
	pid_t pid = t_fork(child, NULL);
	close(result[1]);
	int r = 1;
	CHECK_EQ(read(result[0], &r, sizeof r), (ssize_t)sizeof r);
	CHECK_EQ(t_wait(pid), 0);
	CHECK_EQ(r, 0);
	return T_EXIT_PASS;
}
