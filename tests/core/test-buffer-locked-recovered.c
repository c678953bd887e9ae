/* The locked copies of buffer.h after a lock holder's end: closing a
 * buffer handle does not release the locks its process holds (the copy
 * of another process still waits: -ETIMEDOUT, nothing copied); once that
 * holder dies, the next copy is done and says SM_LOCK_RECOVERED, once.
 * The holder is this binary run again (fork+exec), killed with SIGKILL. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

/* Helper mode: write-lock buffer `seg`, close the handle, say so on
 * stdout, sleep until killed. */
static int hold_and_close(const char *seg)
{
	t_die_with_parent();
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, seg, 0), 0);
	CHECK_EQ(sm_rwlock_write_acquire(sm_buffer_lock(b), -1), 0);
	sm_buffer_close(b);
	CHECK_EQ(write(STDOUT_FILENO, "h", 1), 1);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "hold") == 0)
		return hold_and_close(argv[2]);
	const char *name;
	sm_buffer *b;
	t_locked_buffer("locked-recovered", 8, &name, &b);
	int fd;
	const char *args[] = { "hold", name, NULL };
	pid_t holder = t_exec_self(&fd, args);
	CHECK_EQ(t_read_signal(fd), 'h');
	close(fd);

	char got = 0;
	CHECK_EQ(sm_buffer_write_locked(b, 0, "a", 1, 0), -ETIMEDOUT);
	CHECK_EQ(sm_buffer_read_locked(b, 0, &got, 1, 20), -ETIMEDOUT);
	CHECK_EQ(sm_buffer_read(b, 0, &got, 1), 0);
	CHECK_EQ(got, 0); /* the refused write copied nothing */

	CHECK_EQ(kill(holder, SIGKILL), 0);
	CHECK_EQ(t_wait(holder), 128 + SIGKILL);
	CHECK_EQ(sm_buffer_write_locked(b, 0, "b", 1, 5000), SM_LOCK_RECOVERED);
	CHECK_EQ(sm_buffer_read_locked(b, 0, &got, 1, 0), 0); /* told once */
	CHECK_EQ(got, 'b');
	sm_buffer_close(b);
	return T_EXIT_PASS;
}
