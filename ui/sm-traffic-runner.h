/* sm-traffic-runner.h — producers and consumers on a ring as child
 * processes (`sharedmem traffic produce|consume`), with the consumers'
 * verification counts gathered from their JSON progress lines.  Children
 * never outlive the workbench: killed on stop, on dispose, and by the
 * kernel (PR_SET_PDEATHSIG) if the workbench dies. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
	guint producers, consumers; /* running now */
	guint64 received, lost, duplicated, reordered, corrupted, bytes;
	double messages_per_s;      /* received, over the last second or so */
	gboolean lost_live;         /* lost is counted while running: the run's only
				     * consumer counts gaps (one consumer started) */
	gboolean verified;          /* after sm_traffic_runner_finish(): lost and
				     * duplicated counted across all consumers */
} SmTrafficTotals;

#define SM_TYPE_TRAFFIC_RUNNER (sm_traffic_runner_get_type())
G_DECLARE_FINAL_TYPE(SmTrafficRunner, sm_traffic_runner, SM, TRAFFIC_RUNNER, GObject)

SmTrafficRunner *sm_traffic_runner_new(void);

typedef struct {
	guint producers, consumers;
	guint size;          /* message bytes */
	guint rate;          /* messages/s per producer; 0 = as fast as possible */
	guint consumer_rate; /* messages/s per consumer; 0 = no limit */
	gboolean wave;       /* producers vary their rate between 0 and 2 x rate (demo) */
} SmTrafficConfig;

/* Start the producers and consumers of `config` on `ring`, every message
 * stamped and verified.  Stops what ran before.  FALSE with `error` set
 * when the CLI is missing or a child cannot start.  While it runs, lost
 * messages are counted when there is one consumer (with several, each sees
 * only part of each producer's sequence); sm_traffic_runner_finish()
 * counts them across consumers. */
gboolean sm_traffic_runner_start(SmTrafficRunner *self, const char *ring,
				 const SmTrafficConfig *config, GError **error);
/* Kill every child (SIGKILL) and reap it, at once; forget the run's
 * failure and its totals (get_totals gives zeros afterwards). */
void sm_traffic_runner_stop(SmTrafficRunner *self);
/* Stop gracefully, without blocking: the producers stop (SIGTERM) and say
 * how many they sent, the consumers drain the ring and stop, and the run's
 * totals (what get_totals gives afterwards, verified = TRUE) count lost and
 * duplicated messages across all consumers.  Children that do not stop in
 * time are killed, and consumers that cannot drain the ring in time are
 * stopped with messages left in it (verified = FALSE either way).
 * "changed" when done. */
void sm_traffic_runner_finish(SmTrafficRunner *self);
/* TRUE between finish() and the end of the run. */
gboolean sm_traffic_runner_is_finishing(SmTrafficRunner *self);
/* Kill one running producer with SIGKILL (the crash demo); FALSE if none. */
gboolean sm_traffic_runner_kill_producer(SmTrafficRunner *self);
/* TRUE while children run (also while finishing).  When every child
 * exits by itself (the ring shut down), the run ends, its totals counted
 * as finish() counts them, with "changed". */
gboolean sm_traffic_runner_is_running(SmTrafficRunner *self);
/* Live totals while running; the last run's verified totals after it. */
void sm_traffic_runner_get_totals(SmTrafficRunner *self, SmTrafficTotals *out);
/* The runner (of this process) with traffic on `ring` now, or NULL: the
 * traffic view shows traffic started elsewhere in the workbench (the demo). */
SmTrafficRunner *sm_traffic_runner_lookup(const char *ring);
/* Why the run's first child to fail failed, or NULL: "Producer 2 failed
 * (exit status 1): " and its last line on stderr.  A child fails when it
 * exits by itself with a status other than 0 or is killed by a signal
 * this runner did not send (stop, finish and kill_producer are no
 * failures).  Set with "changed"; kept after the run ends by itself or
 * finishes, until the next start or sm_traffic_runner_stop(). */
const char *sm_traffic_runner_get_failure(SmTrafficRunner *self);
/* The settings the run was started with, in *out; FALSE when stopped. */
gboolean sm_traffic_runner_get_config(SmTrafficRunner *self, SmTrafficConfig *out);
/* The ring it runs on, or NULL when stopped. */
const char *sm_traffic_runner_get_ring(SmTrafficRunner *self);

/* Pids of the running children, for tests (g_free the array). */
GPid *sm_traffic_runner_get_pids(SmTrafficRunner *self, guint *n);

/* Parse one consumer progress line ({"received":N,"lost":N,...}) into
 * `out` (received, lost, duplicated, reordered, corrupted, bytes); FALSE if it is not
 * one. */
gboolean sm_traffic_parse_progress(const char *line, SmTrafficTotals *out);

G_END_DECLS
