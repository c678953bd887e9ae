/* A process whose main thread has exited (pthread_exit) while another of
 * its threads runs is alive: /proc/PID/stat shows its leader as a zombie
 * ('Z'), but the process still holds what it holds.  Its write lock must
 * not be taken from it, and a segment it created is not its dead owner's. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

static const char *name;
static char owned[64];
static int ready[2];

/* True once this process's leader thread shows as a zombie. */
static bool leader_gone(void)
{
	return t_thread_state(getpid(), getpid()) == 'Z';
}

static void *hold(void *arg)
{
	(void)arg;
	while (!leader_gone())
		t_sleep_ms(1);
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_rwlock_write_acquire(sm_buffer_lock(b), -1), 0);
	CHECK_EQ(write(ready[1], "h", 1), 1);
	t_sleep_ms(10000); /* until killed; never outlives a failed test long */
	return NULL;
}

static int child(void *arg)
{
	(void)arg;
	sm_buffer *mine;
	CHECK_EQ(sm_buffer_create(&mine, owned, 64, NULL), 0);
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, hold, NULL), 0);
	pthread_exit(NULL); /* the leader goes; the process lives on */
}

int main(void)
{
	sm_buffer *buf;
	sm_rwlock *lock = t_locked_buffer("leader", 64, &name, &buf);
	snprintf(owned, sizeof owned, "%s-owned", name);
	t_remove_at_exit(owned);
	CHECK_EQ(pipe(ready), 0);
	pid_t pid = t_fork(child, NULL);
	close(ready[1]);
	char c;
	CHECK_EQ(read(ready[0], &c, 1), 1);

	int alive = sm_process_alive(pid);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, owned, SM_KIND_BUFFER, 0), 0);
	int owner_alive = sm_segment_owner_alive(seg);
	sm_segment_close(seg);
	/* 200 ms: several rounds of the waiter's dead-holder check. */
	int r = sm_rwlock_write_acquire(lock, 200);
	kill(pid, SIGKILL);
	CHECK_EQ(t_wait(pid), 128 + SIGKILL);

	CHECK_EQ(alive, 1);
	CHECK_EQ(owner_alive, 1);
	CHECK_EQ(r, -ETIMEDOUT); /* held by a live process */
	/* Now it is dead: the lock is recovered. */
	CHECK_EQ(sm_rwlock_write_acquire(lock, 2000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_rwlock_write_release(lock), 0);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}
