/* test-ring-shutdown-reserved.c — the owner shuts the ring down while a
 * live producer (another process) holds a zero-copy reservation.  ring.h
 * promises that readers drain what is left: a reader waits for that node
 * as for any other, the producer's later commit succeeds and the reader
 * gets the message, then -SM_ESHUTDOWN.  (An abandon, or the producer's
 * death, lets the reader finish at once.)  The mpmc ring always did so;
 * a single producer moves head only when it commits, and its readers
 * returned -SM_ESHUTDOWN past the reservation: the commit returned 0 and
 * the message was lost.
 * A reserve that races the close (the owner closes between its check and
 * its claim; readers look then) gets -SM_ESHUTDOWN, as a later one does:
 * readers that finished meanwhile never see its node.  It used to succeed,
 * and its commit too, into a ring nobody read any more.
 * A reader waiting so for a producer that is slow to commit (stopped here
 * for a second) sleeps: it used to spin and yield at a shut-down ring,
 * burning a CPU for as long as the reservation stayed out. */
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define MAGIC 4242u

enum ending { COMMIT, COMMIT_LATE, ABANDON, DIE };

#define LATE_MS 1000 /* how long COMMIT_LATE keeps the reader waiting */

static const char *ring_name;
static char case_label[64]; /* for the reader's line: the cases run side by side */
static int to_parent, from_parent_producer, from_parent_reader;

/* The CPU time this process has used (user and system), in ms. */
static uint64_t cpu_ms(void)
{
	struct rusage u;
	CHECK(getrusage(RUSAGE_SELF, &u) == 0);
	return (uint64_t)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000 +
	       (uint64_t)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
}

static void wait_go(int fd)
{
	char c;
	CHECK(read(fd, &c, 1) == 1);
}

/* Reserves a node and fills it, then ends it as the parent says. */
static int reserving_producer(void *arg)
{
	enum ending how = *(enum ending *)arg;
	struct sm_ring_slot s;
	sm_ring *r = sync_reserve_u32(ring_name, &s, MAGIC, to_parent);
	wait_go(from_parent_producer);
	if (how == DIE)
		raise(SIGKILL);
	if (how == ABANDON)
		sm_ring_abandon(r, &s);
	else
		CHECK_EQ(sm_ring_commit(r, &s, sizeof(uint32_t)), 0);
	sm_ring_close(r);
	return 0;
}

/* Looks once the ring is shut down: the reservation is still out, so
 * there is nothing yet but also no end; then waits for the message. */
static int draining_reader(void *arg)
{
	enum ending how = *(enum ending *)arg;
	alarm(15); /* never outlive a failed test */
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(to_parent);
	wait_go(from_parent_reader); /* the ring is shut down now */
	uint32_t v = 0;
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, 100), -ETIMEDOUT);
	sync_say_ready(to_parent);
	if (how == COMMIT || how == COMMIT_LATE) {
		uint64_t cpu0 = cpu_ms(), wall0 = t_now_ms();
		CHECK_EQ(sm_ring_read(r, &v, sizeof v, 5000), sizeof v);
		CHECK_EQ(v, MAGIC);
		uint64_t cpu = cpu_ms() - cpu0, wall = t_now_ms() - wall0;
		if (how == COMMIT_LATE) {
			printf("%s: waited %llu ms, %llu ms of CPU\n", case_label, (unsigned long long)wall,
			       (unsigned long long)cpu);
			fflush(stdout);
			CHECK(wall >= LATE_MS / 2);
			CHECK(cpu < wall / 10); /* asleep, not spinning */
		}
	}
	uint64_t t0 = t_now_ms();
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, -1), -SM_ESHUTDOWN);
	CHECK(t_now_ms() - t0 < 3000);
	sm_ring_close(r);
	return 0;
}

static void go(int fd)
{
	char c = 1;
	CHECK(write(fd, &c, 1) == 1);
}

static void shutdown_with_reservation(unsigned flags, enum ending how)
{
	int up[2], prod[2], rd[2];
	CHECK(pipe(up) == 0 && pipe(prod) == 0 && pipe(rd) == 0);
	to_parent = up[1];
	from_parent_producer = prod[0];
	from_parent_reader = rd[0];
	static const char *const endings[] = { "commit", "commit a second later", "abandon",
					       "die" };
	snprintf(case_label, sizeof case_label, "%s, reservation ends by %s", sm_ring_mode_name(flags),
		 endings[how]);
	printf("%s\n", case_label);
	fflush(stdout);
	alarm(20); /* a reader that failed leaves us waiting on the pipe */
	sm_ring *owner;
	ring_name = t_name("ring-shut-rsv");
	CHECK_EQ(sm_ring_create_flags(&owner, ring_name, 4, 16, flags, &t_ring_opts), 0);
	pid_t p = t_fork(reserving_producer, &how);
	pid_t c = t_fork(draining_reader, &how);
	sync_wait_ready(up[0], 2);
	sm_ring_close(owner);
	go(rd[1]);
	sync_wait_ready(up[0], 1); /* the reader looked and found no end */
	if (how == COMMIT_LATE) { /* the reader waits, the producer stopped */
		CHECK(kill(p, SIGSTOP) == 0);
		t_sleep_ms(LATE_MS);
		CHECK(kill(p, SIGCONT) == 0);
	}
	go(prod[1]);
	CHECK_EQ(t_wait(p), how == DIE ? 128 + SIGKILL : 0);
	CHECK_EQ(t_wait(c), 0);
	for (int i = 0; i < 2; i++) {
		close(up[i]);
		close(prod[i]);
		close(rd[i]);
	}
	alarm(0);
}

/* Case i: mode i / 4, the reservation ending i % 4. */
static void ending_case(int i)
{
	shutdown_with_reservation((unsigned)i / 4, (enum ending)(i % 4));
}

static sm_ring *racing_owner, *racing_reader;

/* Inside the reserve, right after its claim: the owner closes, and a
 * reader looks (it finds the claim in flight, or the ring drained). */
static void close_during_claim(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point != SMI_HOOK_WRITE_CLAIMED || !racing_owner)
		return;
	sm_ring_close(racing_owner);
	racing_owner = NULL;
	uint32_t v;
	ssize_t got = sm_ring_read(racing_reader, &v, sizeof v, 0);
	CHECK(got == -ETIMEDOUT || got == -SM_ESHUTDOWN);
}

static void reserve_races_close(unsigned flags)
{
	sm_ring *producer;
	sync_ring_three(t_name("ring-shut-race"), flags, &racing_owner, &producer, &racing_reader);
	smi_ring_test_hook = close_during_claim;
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_reserve(producer, &s, 1000), -SM_ESHUTDOWN);
	smi_ring_test_hook = NULL;
	CHECK(racing_owner == NULL);
	uint32_t v;
	CHECK_EQ(sm_ring_read(racing_reader, &v, sizeof v, 1000), -SM_ESHUTDOWN);
	sm_ring_close(racing_reader);
	sm_ring_close(producer);
}

int main(void)
{
	reserve_races_close(0);
	reserve_races_close(SM_RING_SINGLE_PRODUCER);
	reserve_races_close(SM_RING_SINGLE_CONSUMER);
	reserve_races_close(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	/* Side by side: each takes 0.1 s of a reader's timeout, a late commit a
	 * second more (6 s one after the other). */
	t_cases_at_once(4 * ((SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER) + 1), ending_case);
	return T_EXIT_PASS;
}
