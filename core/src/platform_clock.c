/* platform_clock.c — clocks and total deadlines. */
#include "platform.h"

#include <stdint.h>
#include <time.h>

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t smi_now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
uint64_t smi_realtime_ns(void) { return clock_ns(CLOCK_REALTIME); }

void smi_sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
	while (nanosleep(&ts, &ts) != 0)
		; /* interrupted: sleep what is left */
}

struct smi_deadline smi_deadline_from_ms(int timeout_ms)
{
	struct smi_deadline d = { 0, timeout_ms < 0 };
	if (!d.forever)
		d.end_ns = smi_now_ns() + (uint64_t)timeout_ms * 1000000u;
	return d;
}

int64_t smi_deadline_left_ns(const struct smi_deadline *d)
{
	if (d->forever)
		return INT64_MAX;
	uint64_t now = smi_now_ns();
	return now >= d->end_ns ? 0 : (int64_t)(d->end_ns - now);
}
