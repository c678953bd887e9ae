/* sharedmem/rpc.h — a named RPC channel between two processes.
 *
 * One process creates the channel (the server, which owns it); one other
 * process connects to it (the client).  Both sides may register a handler
 * and both may call the other, including nested calls (a handler may call
 * back into the side that is calling it).
 *
 * Layout: a channel segment `<name>` (SM_KIND_RPC) holds both sides'
 * identities (pid + start time, so a dead peer is told from a reused pid),
 * the channel's configuration and its statistics; two rings
 * `<name>.c2s` (client to server) and `<name>.s2c` (server to client) carry
 * packets.  Monitors may open these rings read-only with sm_ring_open().
 * A message larger than one packet is split into packets and reassembled;
 * any size 0..max_message works.
 *
 * Timeouts are total deadlines in milliseconds: 0 = do not wait, -1 =
 * forever (any negative value: no deadline).  Every function returns 0 (or a count) or a negative errno (see
 * error.h); nothing prints or exits.
 *
 * Failure is reported, never silent:
 *  - the peer process died: -SM_EPEERDEAD, promptly (liveness is checked
 *    every few milliseconds while waiting), for pending and new calls;
 *  - no client connected (server side; also: the client a call went to
 *    left) or no server (client connect): -SM_ENOPEER;
 *  - the server closed the channel: -SM_ESHUTDOWN;
 *  - a reply the peer wrote before it closed, left or died still reaches
 *    its call: a side that finds its peer gone reads its incoming ring
 *    up to the end of what that peer wrote (to the ring's end, or to the
 *    next client's first packet, however busy that client keeps it)
 *    before it fails what is pending on that peer;
 *  - the peer has no handler: -SM_ENOHANDLER (an error reply, not a timeout);
 *  - the peer's handler returned an error: -SM_EREMOTE, with the handler's
 *    code and message text in struct sm_rpc_result;
 *  - a packet that cannot be written is an error for its call.
 * A call that timed out or was cancelled leaves no state behind; its
 * response, if it comes later, is discarded and counted
 * (discarded_responses).  Replies belong to the connection that asked:
 * one meant for an earlier client is never delivered to the next.  The
 * server runs no request of a client that has left (closed or died):
 * those still in the ring or queued for the workers are dropped, so the
 * next client's calls do not wait behind them; a handler already running
 * finishes, its reply going nowhere.
 *
 * Waiting: a thread waiting for its response reads the incoming ring
 * itself (one such thread at a time; others sleep until it hands over),
 * so a round trip crosses two threads, the caller and the peer's
 * receiving thread.  Requests and async completions it comes across still
 * run on the receiving thread (or the workers).
 *
 * Thread safety: any number of threads may call, cancel and read
 * statistics on one handle at once.  sm_rpc_close() must not race with
 * other calls on the same handle: a handler or a completion may close its
 * own handle (see there), but the program's other threads must be done
 * with it by then.
 * A handle belongs to the process that made it: a forked child must
 * neither use nor close its parent's handles (it has none of their
 * threads); it creates or connects its own.
 */
#ifndef SHAREDMEM_RPC_H
#define SHAREDMEM_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "segment.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The channel's two rings: its name with these added. */
#define SM_RPC_C2S_SUFFIX          ".c2s"
#define SM_RPC_S2C_SUFFIX          ".s2c"
/* Whether `name` is one of the two rings of an RPC channel that exists
 * (NAME.c2s or NAME.s2c of a channel NAME): the channel's packets go
 * through it, so anything else written into it or read from it breaks
 * the channel.  False for NULL.  Does not block. */
bool sm_rpc_is_channel_ring(const char *name);
/* Longest channel name: the ring names add a suffix (4 characters) to it
 * and must fit in SM_NAME_MAX. */
#define SM_RPC_NAME_MAX            (SM_NAME_MAX - 4u)
/* Bytes of protocol header in every packet (each ring node). */
#define SM_RPC_PACKET_HEADER       32u
/* Defaults and limits of the channel's configuration. */
#define SM_RPC_DEFAULT_MAX_MESSAGE (1u << 20)   /* 1 MiB */
#define SM_RPC_MAX_MESSAGE_LIMIT   (64u << 20)  /* 64 MiB */
#define SM_RPC_DEFAULT_PACKET_SIZE (64u << 10)  /* ring node size, header included */
#define SM_RPC_MIN_PACKET_SIZE     64u
#define SM_RPC_MAX_PACKET_SIZE     (4u << 20)
#define SM_RPC_DEFAULT_NODE_COUNT  32u
#define SM_RPC_DEFAULT_SPIN_US     50           /* spin before sleeping... */
#define SM_RPC_SPIN_MIN_CPUS       4            /* ...on machines with this many CPUs, else 0 */
#define SM_RPC_MAX_WORKERS         64u
/* Longest error message text carried by an error reply, with its NUL. */
#define SM_RPC_ERROR_TEXT_MAX      256u
/* Log-scale latency buckets: bucket 0 counts round trips < 128 ns, bucket
 * i (1..SM_RPC_HIST_BUCKETS-2) those in [2^(i+6), 2^(i+7)) ns, the last
 * bucket everything from 2^(SM_RPC_HIST_BUCKETS+5) ns (about 137 s) up. */
#define SM_RPC_HIST_BUCKETS        32u
#define SM_RPC_HIST_MIN_SHIFT      7u

typedef struct sm_rpc sm_rpc;

/* ---- Handlers ------------------------------------------------------------ */

/* An incoming request, valid only during the handler call. */
struct sm_rpc_request {
	sm_rpc     *rpc;     /* the handle the request arrived on */
	uint64_t    call_id; /* the caller's id for this call */
	const void *data;    /* request bytes (NULL when len == 0) */
	size_t      len;
};

/* The handler's reply under construction (opaque, valid only during the
 * handler call). */
struct sm_rpc_reply;

/* A handler.  Return 0 to send the reply set with sm_rpc_reply_set() /
 * sm_rpc_reply_buffer() (none set: an empty response), or a negative errno
 * to send an error reply with that code and the text given to
 * sm_rpc_reply_error() (none given: sm_strerror(code)).  The caller then
 * gets -SM_EREMOTE with the code and text.  Runs on the channel's
 * receiving thread (inline mode) or on a worker thread; may call
 * sm_rpc_call() on the same handle (nested calls are served while it
 * waits) and may sm_rpc_close() its own handle. */
typedef int (*sm_rpc_handler_fn)(void *user, const struct sm_rpc_request *req,
				 struct sm_rpc_reply *reply);

/* Copy `len` bytes as the response; `data` may point into the reply's own
 * buffer (sm_rpc_reply_buffer()), to keep part of it.  0, -EMSGSIZE (over
 * the channel's max_message), -ENOMEM, -EINVAL (NULL reply, NULL data with
 * len > 0, or bytes running past the reply's own buffer; the reply is left
 * as it was), -SM_ESHUTDOWN (the handle is being closed, also by this
 * handler: no reply goes out any more, the caller gets -SM_ESHUTDOWN). */
int sm_rpc_reply_set(struct sm_rpc_reply *reply, const void *data, size_t len);
/* A buffer of `len` bytes that becomes the response; the handler fills it
 * before returning.  NULL on -EMSGSIZE / -ENOMEM (then the caller gets an
 * error reply) or when the handle is being closed (as sm_rpc_reply_set()). */
void *sm_rpc_reply_buffer(struct sm_rpc_reply *reply, size_t len);
/* Set an error text (printf format, cut at SM_RPC_ERROR_TEXT_MAX - 1 bytes)
 * and return `code` (a negative errno; a value >= 0 becomes -EIO), so a
 * handler can `return sm_rpc_reply_error(reply, -EINVAL, "bad %d", x);` */
int sm_rpc_reply_error(struct sm_rpc_reply *reply, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- Lifecycle ----------------------------------------------------------- */

struct sm_rpc_options {
	/* Channel configuration, chosen by the server (ignored by connect,
	 * which adopts the server's).  0 = default. */
	uint32_t max_message;   /* largest request/response in bytes, <= SM_RPC_MAX_MESSAGE_LIMIT */
	uint32_t packet_size;   /* ring node size in bytes, header included,
				 * SM_RPC_MIN_PACKET_SIZE..SM_RPC_MAX_PACKET_SIZE */
	uint32_t node_count;    /* nodes per ring (>= 2) */
	/* Per handle. */
	sm_rpc_handler_fn handler; /* may be NULL: requests get -SM_ENOHANDLER */
	void    *handler_user;
	uint32_t workers;       /* 0 = handlers run inline on the receiving
				 * thread (lowest latency for short
				 * handlers; while one runs, that thread
				 * does nothing else: async completions and
				 * deadlines wait for it, see
				 * sm_rpc_done_fn); N = a pool of N worker
				 * threads, for slow handlers.
				 * Requests wait for a worker (inline: for
				 * the receiving thread, when a thread
				 * waiting for its reply read them) in a
				 * queue of at most node_count; while it is
				 * full the incoming ring is read only for a
				 * reply a caller waits for at its head
				 * (replies behind requests wait too), so
				 * the peer's sends wait for ring space
				 * within their deadlines: a flood is held
				 * by the ring, not by this process's
				 * memory */
	int32_t  spin_us;       /* waiting policy: spin (polling, with pause
				 * and yield) this many microseconds before
				 * sleeping on a futex; 0 = sleep at once;
				 * < 0 = SM_RPC_DEFAULT_SPIN_US where there
				 * are at least SM_RPC_SPIN_MIN_CPUS online
				 * CPUs, else 0.  A spinning round trip
				 * keeps two threads busy (the caller and
				 * the server's receiving thread).  Below
				 * 4 CPUs the default leaves the cores to
				 * other work: with 0 the ring still spins
				 * briefly (adaptively) before sleeping,
				 * and a caller waiting while another
				 * thread reads the ring yields the CPU a
				 * few times (at most 64 sched_yield())
				 * before it sleeps;
				 * measured on 2 shared CPUs, spin_us 50
				 * mostly cut the p99 (64 B: p50 0.8 vs
				 * 1.0 us, p99 2.7 vs 43 us when the
				 * machine was quiet; under load neither
				 * helps). */
	int      connect_timeout_ms; /* connect only: wait this long for a
				 * server to appear (0 = fail at once, -1 = forever) */
	/* Segment options for create (label, mode, SM_CREATE_REPLACE_STALE). */
	const char *label;
	unsigned    mode;
	unsigned    flags;
};

/* Fill `opts` with the defaults (all zero except spin_us = -1). */
void sm_rpc_options_init(struct sm_rpc_options *opts);

/* Create channel `name` as its server.  `opts` may be NULL (defaults).
 * Creates the channel segment and both rings, starts the receiving thread
 * (and workers).  Does not block waiting for a client.
 * Errors: -EINVAL (bad name or option), -ENAMETOOLONG (name longer than
 * SM_RPC_NAME_MAX), -EEXIST, -ENOSPC, -ENOMEM, -EAGAIN (thread), -EFBIG
 * (node_count and packet_size make rings over sm_ring_create()'s size
 * limits), and the other errors of sm_segment_create(). */
int sm_rpc_create(sm_rpc **out, const char *name, const struct sm_rpc_options *opts);

/* Connect to channel `name` as its client.  Blocks up to
 * opts->connect_timeout_ms for a server to appear.
 * Errors: -SM_ENOPEER (no server, or its process is dead, or the rings
 * under the channel's names were not made by its server: another
 * channel's segment was renamed over the name),
 * -EBUSY (another live client is connected), -SM_ESHUTDOWN (server is
 * closing), -EINVAL, -ENAMETOOLONG, -SM_EBADHEADER / -SM_EVERSION /
 * -SM_EWRONGKIND (not a usable channel, at once, its server alive or
 * not; a file that is no segment at all is retried for at most a second,
 * whatever the timeout), -EACCES,
 * -ENOMEM, -EAGAIN. */
int sm_rpc_connect(sm_rpc **out, const char *name, const struct sm_rpc_options *opts);

/* Close the handle: pending calls on it fail with -SM_ESHUTDOWN, threads
 * stop.  A nested call a handler is waiting on fails at once too: close
 * waits for running handlers to return, not for the peer to answer
 * them.  The server's close shuts the channel down (the client's calls then
 * fail with -SM_ESHUTDOWN) and removes its names; the client's close frees
 * the client slot, so another client may connect.  May be called from
 * inside one of this handle's handlers: it then returns at once and the
 * teardown finishes after the handler returns (do not use the handle after
 * the call; a server's channel is shut down and its names removed before
 * the close returns, so the program may exit).  A reply set after the
 * close is refused (sm_rpc_reply_set()): none can be sent.  Blocks until the threads have stopped otherwise.  An async
 * completion may close the handle too, also one that this close runs
 * (-SM_ESHUTDOWN): a close of a handle already being closed returns at
 * once (a handle must still not be used once its close has returned).
 * NULL is ignored. */
void sm_rpc_close(sm_rpc *rpc);

/* Replace the handler (NULL removes it).  Takes effect for requests
 * dispatched after the call.  0 or -EINVAL. */
int sm_rpc_set_handler(sm_rpc *rpc, sm_rpc_handler_fn fn, void *user);
/* Change this handle's spin duration (microseconds, as spin_us; < 0 the
 * default). */
void sm_rpc_set_spin_us(sm_rpc *rpc, int32_t spin_us);
/* The spin (microseconds) a handle given `spin_us` uses: spin_us itself,
 * or for < 0 the default on this machine (see sm_rpc_options.spin_us). */
int32_t sm_rpc_spin_us_used(int32_t spin_us);

bool sm_rpc_is_server(const sm_rpc *rpc);
const char *sm_rpc_name(const sm_rpc *rpc);
uint32_t sm_rpc_max_message(const sm_rpc *rpc);
/* Payload bytes per packet: packet_size - SM_RPC_PACKET_HEADER. */
uint32_t sm_rpc_packet_payload(const sm_rpc *rpc);
/* 1 if a live peer is connected, 0 if not. */
int sm_rpc_peer_connected(const sm_rpc *rpc);
/* Whether the channel's names in /dev/shm still lead to this handle's
 * mappings: the channel segment `<name>` and its two rings (see
 * sm_segment_still_named()).  1 if all three do; -ENOENT if one is gone
 * (sm_segment_unlink() or `sharedmem rm` of the channel, which takes its
 * rings too; the server's own close removes them as well, after shutting
 * the channel down); 0 if one now leads to another file (removed and
 * created again, e.g. by another server, or another file renamed over
 * it); another -errno if it cannot be told; -EINVAL for NULL.  The channel
 * segment is asked first, then the rings: the first that does not lead to
 * its mapping decides.  A channel whose names are gone or taken keeps
 * working for the client connected to it, but no other client can ever
 * connect to it: a server with no client waits for good.  A client of a
 * live server needs no such check (calls fail with -SM_ESHUTDOWN once the
 * server closes).  Three stats of names: ask now and then while idle, not
 * per call.  Does not block. */
int sm_rpc_still_named(const sm_rpc *rpc);
/* Server: wait up to timeout_ms until a client is connected.  0,
 * -ETIMEDOUT, -SM_ESHUTDOWN, -EINVAL (client handle).  Blocks. */
int sm_rpc_wait_peer(sm_rpc *rpc, int timeout_ms);

/* ---- Calls --------------------------------------------------------------- */

/* The outcome of a call. */
struct sm_rpc_result {
	int      status;      /* the call's return value (0 or -errno) */
	int      remote_code; /* with -SM_EREMOTE: the handler's code (-errno) */
	uint64_t call_id;
	void    *data;        /* the response bytes (malloc'ed; NULL when
			       * len == 0 or on error); sm_rpc_result_free() */
	size_t   len;
	uint64_t latency_ns;  /* request sent .. response received */
	char     message[SM_RPC_ERROR_TEXT_MAX]; /* remote error text, or ""
						  * (at most max_message bytes) */
};

/* Free res->data and clear it.  NULL is ignored. */
void sm_rpc_result_free(struct sm_rpc_result *res);

/* Call the peer's handler with `len` bytes at `req` and wait for the
 * response up to timeout_ms (a total deadline, sending included).
 * timeout 0 sends the request and returns -ETIMEDOUT at once without
 * waiting (fire and forget; the response is discarded and counted).
 * `res` (may be NULL when the response is not wanted) is always filled.
 * Returns 0 (response in res->data/len), -SM_EREMOTE (handler error:
 * res->remote_code, res->message), -SM_ENOHANDLER, -ETIMEDOUT,
 * -SM_EPEERDEAD, -SM_ENOPEER, -SM_ESHUTDOWN, -EMSGSIZE (request or
 * response over max_message), -ECANCELED (sm_rpc_cancel()), -EPROTO
 * (peer sent an inconsistent packet sequence), -ENOMEM, -EINVAL.  Blocks.
 * Called from the receiving thread (inside an inline handler) or from a
 * worker, it serves incoming requests while waiting, so nested calls work;
 * a handler it runs meanwhile is not interrupted, so such a call can
 * return late by up to that handler's run time. */
int sm_rpc_call(sm_rpc *rpc, const void *req, size_t len,
		struct sm_rpc_result *res, int timeout_ms);

/* Completion of an asynchronous call.  Runs exactly once per successful
 * sm_rpc_call_async() (possibly before that call returns), on the
 * channel's receiving thread (response, timeout, peer death or departure,
 * protocol error, shutdown: also when another thread's call or
 * sm_rpc_peer_connected() / sm_rpc_wait_peer() notices it first; that
 * thread's own call fails at once, the completion follows on the
 * receiving thread) or on the thread calling sm_rpc_cancel() /
 * sm_rpc_close().  Async deadlines are enforced by the receiving thread,
 * within a few milliseconds, also while it waits in a handler on a nested
 * call or for space on the ring, but not while an inline handler (workers
 * 0) of this handle otherwise runs: that thread both checks deadlines and
 * runs completions, so a completion, a timeout's too, comes when the
 * handler returns at the earliest (a 50 ms deadline behind a 300 ms
 * handler completed after about 280 ms).  This is by design: inline
 * handlers give the lowest latency to short handlers; a pool (workers > 0)
 * runs slow ones and leaves the receiving thread free, and deadlines on
 * time.  `res` is valid during the call; take ownership of
 * res->data by setting it to NULL.  It must not block for long (it holds
 * up the receiving thread); it may start new calls, and may close the
 * handle (see sm_rpc_close()). */
typedef void (*sm_rpc_done_fn)(void *user, struct sm_rpc_result *res);

/* Start a call: the request is sent before this returns (it blocks only
 * while the ring is full, within the deadline).  `done` gets the outcome
 * as sm_rpc_call() describes it (timeout_ms counts from now; -1 = no
 * deadline; enforced by the receiving thread, so late while an inline
 * handler of this handle runs: see sm_rpc_done_fn).  *call_id (may be
 * NULL) receives the id for sm_rpc_cancel().
 * Returns 0 (done will run), or -errno (done will not run): -SM_EPEERDEAD,
 * -SM_ENOPEER, -SM_ESHUTDOWN, -EMSGSIZE, -ETIMEDOUT (could not send in
 * time), -ENOMEM, -EINVAL. */
int sm_rpc_call_async(sm_rpc *rpc, const void *req, size_t len, int timeout_ms,
		      sm_rpc_done_fn done, void *user, uint64_t *call_id);

/* Two-step synchronous call, for cancelling a blocking call from another
 * thread: sm_rpc_call_start() sends and returns the id; sm_rpc_call_wait()
 * blocks until the outcome (as sm_rpc_call()).  Each started call must be
 * waited for exactly once.  Start: 0 or the errors of sm_rpc_call_async().
 * Wait: as sm_rpc_call(), -ENOENT for an unknown id. */
int sm_rpc_call_start(sm_rpc *rpc, const void *req, size_t len, int timeout_ms,
		      uint64_t *call_id);
int sm_rpc_call_wait(sm_rpc *rpc, uint64_t call_id, struct sm_rpc_result *res);

/* Cancel a pending call (async or started): it completes with -ECANCELED
 * at once and its response, if one comes, is discarded.  0 (an async
 * call's completion has run, on this thread, before this returns),
 * -ENOENT (unknown id, or the call finished otherwise: an async call's
 * completion may then still be running, or yet to run, on the receiving
 * thread, so -ENOENT alone does not make its `user` free to release), or
 * -EINVAL (NULL rpc).  Does not block. */
int sm_rpc_cancel(sm_rpc *rpc, uint64_t call_id);

/* ---- Statistics (in the channel's shared memory) ------------------------- */

/* One side's counters.  "Read"/"received" count what this side took from
 * its incoming ring, "written"/"sent" what it put on its outgoing ring.
 * Sizes exclude the packet header.  Counters named as in the C# library's
 * RpcStatistics; the "last"/"max" fields start at -1. */
struct sm_rpc_side_stats {
	/* Reading */
	uint64_t bytes_read, packets_read;
	int64_t  reading_max_packet_size, reading_last_packet_size;
	int64_t  reading_last_message_size;
	/* Received */
	uint64_t requests_received, responses_received, errors_received;
	uint64_t messages_received; /* requests + responses + errors */
	/* Writing */
	uint64_t bytes_written, packets_written;
	int64_t  writing_max_packet_size, writing_last_packet_size;
	int64_t  writing_last_message_size;
	/* Sent */
	uint64_t requests_sent, responses_sent, errors_sent;
	uint64_t messages_sent;     /* requests + responses + errors */
	/* Discarded responses (late: timed out or cancelled, or unknown id) */
	uint64_t discarded_responses, last_discarded_response_id;
	/* Timing */
	uint64_t timeouts;
	int64_t  last_timeout_ns;   /* CLOCK_REALTIME of the last timeout, -1 */
	int64_t  max_wait_write_ns; /* longest wait for ring space, -1 */
	int64_t  max_wait_read_ns;  /* longest wait for an incoming packet, -1 */
	/* Calls made by this side.  Errors and timeouts of calls whose request
	 * could not even be sent count too, and so does a call refused before
	 * anything was sent (no client, peer dead, shut down, over
	 * max_message, out of memory): started, and in call_errors.  A call
	 * with invalid arguments (-EINVAL) is no call: not counted. */
	uint64_t calls_started, calls_completed; /* completed = success */
	uint64_t in_flight;         /* started, not yet finished; 0 while
				     * the side's process is not alive (or no
				     * client is connected): the calls of one
				     * killed with calls pending never finish,
				     * and count in calls_started alone */
	uint64_t call_errors;       /* finished with an error other than a timeout */
	uint64_t cancelled;
	uint64_t peer_deaths;       /* peer processes this side found dead (each
				     * once, however many calls that failed:
				     * those count in call_errors); a client
				     * that died and whose slot the next client
				     * reclaimed first is not seen */
	uint64_t protocol_errors;   /* inconsistent packet sequences rejected */
	uint64_t write_failures;    /* packets that could not be written */
	/* Round-trip latency of this side's successful calls (its direction:
	 * the client's are client->server calls), log-scale buckets. */
	uint64_t latency_hist[SM_RPC_HIST_BUCKETS];
};

struct sm_rpc_stats {
	uint32_t protocol_overhead_per_packet; /* SM_RPC_PACKET_HEADER */
	uint32_t max_message, packet_size, node_count;
	int32_t  server_pid, client_pid;      /* client_pid 0: none connected */
	int      server_alive, client_alive;  /* 1 / 0 */
	uint32_t connections;                 /* clients connected so far */
	int      shutdown;                    /* server closed the channel */
	uint64_t monotonic_ns;                /* when read */
	uint64_t reset_ns;                    /* CLOCK_REALTIME of the last reset (0: never) */
	struct sm_rpc_side_stats server, client;
};

/* Upper bound in ns of histogram bucket i (exclusive); UINT64_MAX for the
 * last one. */
uint64_t sm_rpc_hist_bucket_limit_ns(unsigned i);
/* All a side's histogram (latency_hist) says of its slowest call: it took
 * less than this, the limit of the highest bucket with a count; UINT64_MAX
 * when that is the last bucket (then it took at least the one before's
 * limit); 0 when there are no calls.  The channel keeps no exact maximum:
 * struct sm_rpc_side_stats has no room for one. */
uint64_t sm_rpc_hist_max_limit_ns(const uint64_t hist[SM_RPC_HIST_BUCKETS]);

/* Copy this channel's statistics.  0 or -EINVAL.  Does not block. */
int sm_rpc_stats(const sm_rpc *rpc, struct sm_rpc_stats *out);
/* Reset both sides' counters to their initial values, except in_flight
 * (live state: calls pending across a reset still count, and end).  Safe
 * while calls run.  0 or -EINVAL. */
int sm_rpc_stats_reset(sm_rpc *rpc);

/* A monitor: maps the channel segment read-only, for statistics while
 * traffic flows, at no cost to the channel. */
typedef struct sm_rpc_monitor sm_rpc_monitor;

/* Open a monitor on channel `name`.  `flags`: 0 (read-only) or
 * SM_RPC_MONITOR_WRITABLE (map read-write so sm_rpc_monitor_reset()
 * works).  Errors as sm_segment_open(). */
#define SM_RPC_MONITOR_WRITABLE 0x1u
int sm_rpc_open_monitor(sm_rpc_monitor **out, const char *name, unsigned flags);
/* Copy the statistics.  0, -EINVAL, -SM_EBADHEADER (corrupt, or the
 * channel's file truncated under the mapping: see sm_segment_open()). */
int sm_rpc_stats_read(const sm_rpc_monitor *mon, struct sm_rpc_stats *out);
/* Reset the counters (writable monitors only: else -EBADF). */
int sm_rpc_monitor_reset(sm_rpc_monitor *mon);
void sm_rpc_monitor_close(sm_rpc_monitor *mon);

#ifdef __cplusplus
}
#endif

#endif
