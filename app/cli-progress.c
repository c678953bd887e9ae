/* cli-progress.c — see cli-progress.h. */
#include "cli-progress.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli-util.h"

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool running, stop;
	char label[96];
	double seconds;
	uint64_t start_ns;
} p = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static double elapsed(void)
{
	return (double)(cli_now_ns() - p.start_ns) / 1e9;
}

static void *redraw(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&p.lock);
	while (!p.stop) {
		if (p.seconds > 0)
			fprintf(stderr, "\r\033[K%s  %.1f s / %.1f s", p.label, elapsed(), p.seconds);
		else
			fprintf(stderr, "\r\033[K%s  %.1f s", p.label, elapsed());
		fflush(stderr);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&p.cond, &p.lock, &until);
	}
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	pthread_mutex_unlock(&p.lock);
	return NULL;
}

void cli_progress_start(const char *label, double seconds)
{
	if (p.running || cli_opt.quiet || !isatty(STDERR_FILENO))
		return;
	snprintf(p.label, sizeof p.label, "%s", label);
	p.seconds = seconds;
	p.stop = false;
	p.start_ns = cli_now_ns();
	p.running = pthread_create(&p.thread, NULL, redraw, NULL) == 0;
}

void cli_progress_stop(void)
{
	if (!p.running)
		return;
	pthread_mutex_lock(&p.lock);
	p.stop = true;
	pthread_cond_signal(&p.cond);
	pthread_mutex_unlock(&p.lock);
	pthread_join(p.thread, NULL);
	p.running = false;
}
