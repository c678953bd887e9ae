/* test-segment-replace-stale-race.c — creators racing to replace one stale
 * segment (SM_CREATE_REPLACE_STALE): exactly one wins.  A loser that judged
 * the old file stale must not then remove the winner's new file under the
 * same name and put its own there; both creates returned 0 and the
 * winner's segment was left without a name. */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

#define ROUNDS   200
#define RACERS   4

struct shared {
	_Atomic int go;      /* racers start together */
	_Atomic int created; /* racers whose create returned */
	_Atomic int done;    /* racers that looked at their name */
	_Atomic int won;     /* creates that returned 0 */
	_Atomic int unnamed; /* winners whose name leads elsewhere */
};

static struct shared *sh;
static const char *name;

static int racer(void *arg)
{
	(void)arg;
	struct sm_segment_options opts = { .flags = SM_CREATE_REPLACE_STALE };
	while (!atomic_load(&sh->go))
		sched_yield();
	sm_buffer *buf;
	int r = sm_buffer_create(&buf, name, 64, &opts);
	atomic_fetch_add(&sh->created, 1);
	while (atomic_load(&sh->created) < RACERS)
		sched_yield();
	if (r == 0) {
		atomic_fetch_add(&sh->won, 1);
		if (sm_segment_still_named(sm_buffer_segment(buf)) != 1)
			atomic_fetch_add(&sh->unnamed, 1);
	}
	atomic_fetch_add(&sh->done, 1);
	while (atomic_load(&sh->done) < RACERS)
		sched_yield();
	sm_buffer_close(buf);
	return r == 0 || r == -EEXIST ? 0 : 1;
}

int main(void)
{
	name = t_name("replace-race");
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED);
	for (int round = 0; round < ROUNDS; round++) {
		CHECK_EQ(t_wait(t_fork(t_leave_stale_buffer, (void *)name)), 0);
		atomic_store(&sh->go, 0);
		atomic_store(&sh->created, 0);
		atomic_store(&sh->done, 0);
		atomic_store(&sh->won, 0);
		atomic_store(&sh->unnamed, 0);
		pid_t pids[RACERS];
		for (int i = 0; i < RACERS; i++)
			pids[i] = t_fork(racer, NULL);
		atomic_store(&sh->go, 1);
		for (int i = 0; i < RACERS; i++)
			CHECK_EQ(t_wait(pids[i]), 0);
		if (atomic_load(&sh->won) != 1 || atomic_load(&sh->unnamed) != 0)
			fprintf(stderr, "round %d: %d creates won, %d lost their name\n", round,
				atomic_load(&sh->won), atomic_load(&sh->unnamed));
		CHECK_EQ(atomic_load(&sh->won), 1);
		CHECK_EQ(atomic_load(&sh->unnamed), 0);
	}
	return T_EXIT_PASS;
}
