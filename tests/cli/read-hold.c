/* read-hold.c — usage: read-hold NAME.  Opens buffer NAME, takes its lock
 * for reading, prints "held" and holds it until killed. */
#include <stdio.h>
#include <unistd.h>

#include "sharedmem.h"

int main(int argc, char **argv)
{
	sm_buffer *buf;
	if (argc != 2 || sm_buffer_open(&buf, argv[1], 0) < 0)
		return 1;
	if (sm_rwlock_read_acquire(sm_buffer_lock(buf), 5000) < 0)
		return 1;
	printf("held\n");
	fflush(stdout);
	for (;;)
		pause();
}
