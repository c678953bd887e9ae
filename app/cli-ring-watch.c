/* cli-ring-watch.c — see cli-ring-watch.h. */
#include "cli-ring-watch.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "cli-util.h"
#include "sharedmem.h"

/* ---- Ticker ------------------------------------------------------------- */

struct cli_ticker {
	unsigned every_ms;
	bool (*tick)(void *);
	void *arg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t stop_cv; /* on CLOCK_MONOTONIC */
	bool stop;              /* under lock */
};

/* Wait until the next tick is due or the ticker is stopped: true if
 * stopped. */
static bool wait_for_tick(struct cli_ticker *t)
{
	struct timespec at;
	clock_gettime(CLOCK_MONOTONIC, &at);
	long ns = at.tv_nsec + (long)(t->every_ms % 1000) * 1000000;
	at.tv_sec += t->every_ms / 1000 + ns / 1000000000;
	at.tv_nsec = ns % 1000000000;
	pthread_mutex_lock(&t->lock);
	while (!t->stop && pthread_cond_timedwait(&t->stop_cv, &t->lock, &at) != ETIMEDOUT)
		;
	bool stop = t->stop;
	pthread_mutex_unlock(&t->lock);
	return stop;
}

static void *run_ticker(void *arg)
{
	struct cli_ticker *t = arg;
	while (!wait_for_tick(t) && t->tick(t->arg))
		;
	return NULL;
}

struct cli_ticker *cli_ticker_start(unsigned every_ms, bool (*tick)(void *), void *arg)
{
	struct cli_ticker *t = malloc(sizeof *t);
	if (!t)
		return NULL;
	*t = (struct cli_ticker){ .every_ms = every_ms, .tick = tick, .arg = arg };
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->stop_cv, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&t->lock, NULL);
	cli_block_signals(true); /* they are the main thread's */
	int e = pthread_create(&t->thread, NULL, run_ticker, t);
	cli_block_signals(false);
	if (e) {
		pthread_cond_destroy(&t->stop_cv);
		pthread_mutex_destroy(&t->lock);
		free(t);
		errno = e;
		return NULL;
	}
	return t;
}

void cli_ticker_stop(struct cli_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->stop_cv);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->stop_cv);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* ---- Ring watch --------------------------------------------------------- */

#define LOOK_EVERY_MS 1000

static struct {
	sm_ring *_Atomic signalled; /* what the signal handler interrupts; NULL: none */
	sm_ring *ring;
	const char *_Atomic gone;
	struct cli_ticker *ticker;
} watch;

static void on_signal(int sig)
{
	(void)sig;
	cli_interrupted = 1;
	sm_ring_interrupt(atomic_load(&watch.signalled)); /* (NULL is ignored) */
}

/* A tick: one look at the name; once it is gone, no more. */
static bool look_at_name(void *arg)
{
	(void)arg;
	const char *gone = cli_ring_gone(watch.ring);
	if (!gone)
		return true;
	atomic_store(&watch.gone, gone);
	sm_ring_interrupt(watch.ring);
	return false;
}

int cli_ring_watch(sm_ring *ring, bool on_signals)
{
	watch.ring = ring;
	atomic_store(&watch.gone, NULL);
	watch.ticker = cli_ticker_start(LOOK_EVERY_MS, look_at_name, NULL);
	if (!watch.ticker)
		return -errno;
	if (on_signals) {
		atomic_store(&watch.signalled, ring);
		cli_on_stop_signals(on_signal);
	}
	return 0;
}

const char *cli_ring_watch_gone(void)
{
	return atomic_load(&watch.gone);
}

void cli_ring_unwatch(void)
{
	/* A signal from now on only sets cli_interrupted: the ring is about
	 * to be closed. */
	atomic_store(&watch.signalled, NULL);
	cli_ticker_stop(watch.ticker);
	watch.ticker = NULL;
}
