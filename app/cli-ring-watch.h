/* cli-ring-watch.h — waiting on a ring without a deadline, yet stopping
 * when the user interrupts or the ring's name goes away: the ring's waits
 * are interrupted (sm_ring_interrupt) instead of cut into slices, whose
 * every expiry the ring would count as a timeout for all to see.  And a
 * ticker, for what else must go on meanwhile (progress lines). */
#ifndef CLI_RING_WATCH_H
#define CLI_RING_WATCH_H

#include <stdbool.h>

struct sm_ring;

/* Watch `ring` until cli_ring_unwatch(): a thread looks at its name every
 * second (cli_ring_gone()) and, once it is gone, interrupts the ring's
 * waits; with `on_signals`, so do SIGINT, SIGTERM and SIGHUP, which also
 * set cli_interrupted (as cli_catch_signals()).  Its waits then return
 * -EINTR (a call that need not wait still works: what a removed ring still
 * holds can be read).  One ring at a time.  0, or -errno when the thread
 * cannot be started (nothing is watched then). */
int cli_ring_watch(struct sm_ring *ring, bool on_signals);
/* What became of the watched ring's name ("was removed", ...) if that
 * interrupted its waits, else NULL (interrupted by a signal, or not). */
const char *cli_ring_watch_gone(void);
/* Stop watching; before the ring is closed.  Signals go on setting
 * cli_interrupted. */
void cli_ring_unwatch(void);

/* A thread that calls tick(arg) every `every_ms` (the first time after
 * that long), with the stop signals blocked, until tick returns false or
 * cli_ticker_stop().  NULL (errno set) if it cannot be started. */
struct cli_ticker;
struct cli_ticker *cli_ticker_start(unsigned every_ms, bool (*tick)(void *), void *arg);
/* Stop it and wait for a tick under way; NULL is ignored. */
void cli_ticker_stop(struct cli_ticker *t);

#endif
