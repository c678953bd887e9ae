/* test-ring-interrupt.c — sm_ring_interrupt() (ring.h): a call waiting on
 * the handle returns -EINTR at once, from another thread or a signal
 * handler, and so does every later call that would wait, in every way a
 * call waits (read, write, bursts, reserve, peek, on a held node); calls
 * that need not wait still work.  The interrupted wait counts no timeout;
 * other handles of the ring wait on undisturbed.  And no interrupt is
 * lost: one that comes while the waiter goes to sleep still ends its
 * wait. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define PROMPT_MS 300 /* "at once", on a loaded 2-core machine */

struct waiter {
	sm_ring *ring;
	bool write;
	int timeout_ms;
	long rc;
};

static void *wait_on(void *arg)
{
	struct waiter *w = arg;
	char buf[16] = "x";
	w->rc = w->write ? sm_ring_write(w->ring, buf, sizeof buf, w->timeout_ms)
			 : (long)sm_ring_read(w->ring, buf, sizeof buf, w->timeout_ms);
	return NULL;
}

static struct sm_ring_snapshot snapshot(sm_ring *r)
{
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	return s;
}

/* A waiter of `r` (write: on a full ring) sleeps; interrupting `r` ends its
 * wait promptly with -EINTR, counting no timeout. */
static void interrupt_a_sleeper(sm_ring *r, bool write)
{
	uint64_t timeouts = snapshot(r).timeouts;
	struct waiter w = { r, write, -1, 0 };
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, wait_on, &w), 0);
	t_sleep_ms(200); /* past the spin: asleep */
	uint64_t t0 = t_now_ms();
	sm_ring_interrupt(r);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK(t_now_ms() - t0 < PROMPT_MS);
	CHECK_EQ(w.rc, -EINTR);
	CHECK_EQ(snapshot(r).timeouts, timeouts);
}

/* Every later call that would wait gets -EINTR at once; calls that need
 * not wait work; a poll (timeout 0) still times out. */
static void check_later_calls(sm_ring *r, sm_ring *owner)
{
	char buf[64] = "m"; /* room for a burst of 4 at a stride of 16 */
	uint32_t lens[4];
	struct sm_ring_slot slot;
	uint64_t t0 = t_now_ms();
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, -1), -EINTR);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 5000), -EINTR);
	CHECK_EQ(sm_ring_read_burst(r, buf, 16, lens, 1, -1), -EINTR);
	CHECK_EQ(sm_ring_peek(r, &slot, -1), -EINTR);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, 0), -ETIMEDOUT);
	/* Room: writes work, until the ring is full. */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sm_ring_write(r, buf, 1, -1), 0);
	CHECK_EQ(sm_ring_write(r, buf, 1, -1), -EINTR);
	CHECK_EQ(sm_ring_write_burst(r, buf, 1, 2, -1), -EINTR);
	CHECK_EQ(sm_ring_reserve(r, &slot, 5000), -EINTR);
	CHECK_EQ(sm_ring_write(r, buf, 1, 0), -ETIMEDOUT);
	/* Messages there: reads work, until the ring is empty. */
	CHECK_EQ(sm_ring_read(r, buf, 16, -1), 1);
	CHECK_EQ(sm_ring_peek(r, &slot, -1), 0);
	sm_ring_release(r, &slot);
	CHECK_EQ(sm_ring_read_burst(r, buf, 16, lens, 4, -1), 2);
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, -1), -EINTR);
	CHECK(t_now_ms() - t0 < PROMPT_MS);
	/* The ring's other handles wait as ever. */
	struct waiter w = { owner, false, -1, 0 };
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, wait_on, &w), 0);
	t_sleep_ms(100);
	CHECK_EQ(sm_ring_write(r, buf, 3, 0), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ(w.rc, 3);
}

/* Interrupted from a signal handler, as a program's Ctrl+C would. */
static sm_ring *volatile on_alarm_ring;
static void on_alarm(int sig)
{
	(void)sig;
	sm_ring_interrupt(on_alarm_ring);
}

static void interrupt_from_a_signal(sm_ring *r)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(SIGALRM, &sa, NULL), 0);
	on_alarm_ring = r;
	struct itimerval at = { .it_value = { 0, 200 * 1000 } };
	CHECK_EQ(setitimer(ITIMER_REAL, &at, NULL), 0);
	char buf[16];
	uint64_t t0 = t_now_ms();
	CHECK_EQ(sm_ring_read(r, buf, sizeof buf, -1), -EINTR);
	CHECK(t_now_ms() - t0 < 200 + PROMPT_MS);
}

/* Interrupts that race the waiter's way into its sleep: none is lost (a
 * lost one leaves the waiter asleep until it looks again, a second
 * later: SMI_RING_RECHECK_NS). */
static void interrupt_at_any_moment(const char *name)
{
	for (int i = 0; i < 300; i++) {
		sm_ring *r;
		CHECK_EQ(sm_ring_open(&r, name, 0), 0);
		struct waiter w = { r, false, 5000, 0 };
		pthread_t t;
		CHECK_EQ(pthread_create(&t, NULL, wait_on, &w), 0);
		if (i % 3)
			t_sleep_ms(i % 7);
		uint64_t t0 = t_now_ms();
		sm_ring_interrupt(r);
		CHECK_EQ(pthread_join(t, NULL), 0);
		CHECK_EQ(w.rc, -EINTR);
		CHECK(t_now_ms() - t0 < 900);
		sm_ring_close(r);
	}
}

int main(void)
{
	const char *name = t_name("ring-interrupt");
	sm_ring *owner, *r;
	CHECK_EQ(sm_ring_create(&owner, name, 4, 16, &t_ring_opts), 0);
	sm_ring_interrupt(NULL); /* ignored */

	CHECK_EQ(sm_ring_open(&r, name, 0), 0);
	interrupt_a_sleeper(r, false);
	check_later_calls(r, owner);
	sm_ring_close(r);

	/* A writer asleep at a full ring. */
	char m[16] = "f";
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sm_ring_write(owner, m, 1, 0), 0);
	CHECK_EQ(sm_ring_open(&r, name, 0), 0);
	interrupt_a_sleeper(r, true);
	sm_ring_close(r);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sm_ring_read(owner, m, sizeof m, 0), 1);

	/* A reader waiting on a node a live producer holds (reserved): its
	 * sleeps are cut short to check the holder, and interrupted too. */
	struct sm_ring_slot held;
	CHECK_EQ(sm_ring_reserve(owner, &held, 0), 0);
	CHECK_EQ(sm_ring_open(&r, name, 0), 0);
	interrupt_a_sleeper(r, false);
	sm_ring_close(r);
	sm_ring_abandon(owner, &held);

	CHECK_EQ(sm_ring_open(&r, name, 0), 0);
	interrupt_from_a_signal(r);
	sm_ring_close(r);

	/* A read-only handle (a monitor's) can be interrupted too. */
	CHECK_EQ(sm_ring_open(&r, name, SM_OPEN_READONLY), 0);
	sm_ring_interrupt(r);
	sm_ring_close(r);

	interrupt_at_any_moment(name);
	CHECK_EQ(snapshot(owner).timeouts, 0);
	sm_ring_close(owner);
	return T_EXIT_PASS;
}
