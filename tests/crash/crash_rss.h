/* crash_rss.h — memory of every process over a soak run: samples each
 * slot's VmRSS (and the driver's own) and says whether the processes that
 * lived the whole run stayed flat. */
#ifndef SM_CRASH_RSS_H
#define SM_CRASH_RSS_H

struct crash_rss;

struct crash_rss *crash_rss_new(unsigned n_slots);
/* Take one sample of every live process. */
void crash_rss_sample(struct crash_rss *rss);
/* Print a line per process and a "count: soak:" verdict.  Returns the
 * number of long-lived processes whose memory grew. */
int crash_rss_report(const struct crash_rss *rss);

#endif
