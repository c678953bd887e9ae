/* rpc_internal.h — what the RPC channel's files share: the shared-memory
 * layout, the packet format, reassembly, the call table and the handle. */
#ifndef SHAREDMEM_RPC_INTERNAL_H
#define SHAREDMEM_RPC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "sharedmem/error.h"
#include "sharedmem/ring.h"
#include "sharedmem/rpc.h"

/* ---- Channel parameters (in the segment header's params block) ---- */

#define SMI_RPC_VERSION 1u

struct smi_rpc_params {
	uint32_t version;      /*  0: SMI_RPC_VERSION */
	uint32_t max_message;  /*  4 */
	uint32_t packet_size;  /*  8: ring node size */
	uint32_t node_count;   /* 12 */
	uint8_t  reserved[48]; /* 16: zero */
};
_Static_assert(sizeof(struct smi_rpc_params) == 64, "rpc params fill the params block");

/* ---- The channel's rings ---- */

/* A channel's two rings are named the channel's name plus one of these
 * suffixes, in the order a create makes them and a connect opens them. */
enum smi_rpc_ring { SMI_RPC_RING_C2S, SMI_RPC_RING_S2C, SMI_RPC_RINGS };
extern const char *const smi_rpc_ring_suffixes[SMI_RPC_RINGS];

/* The name of channel `name`'s ring `ring`, into buf (SM_NAME_MAX + 1
 * bytes hold it where `name` fits SM_RPC_NAME_MAX). */
void smi_rpc_ring_name(char *buf, size_t size, const char *name, enum smi_rpc_ring ring);

/* ---- Shared payload of the channel segment ---- */

enum smi_rpc_client_state {
	SMI_CLIENT_FREE       = 0, /* with a pid: claimed, its start time being written */
	SMI_CLIENT_CONNECTING = 1, /* slot claimed, rings being opened */
	SMI_CLIENT_CONNECTED  = 2,
};

/* The client slot's claim word: who holds the slot and how far it got,
 * read and changed as one 64-bit word, so that nobody judges one client's
 * pid with another's state, and a reset (CAS) fails if anything changed
 * since the judgement. */
union smi_rpc_slot {
	struct {
		int32_t  pid;   /* 0: none */
		uint32_t state; /* enum smi_rpc_client_state */
	};
	uint64_t word;
};

/* Connection block: written by the client on connect/close and by the
 * server when it reclaims the slot of a dead client.  Accessed with
 * __atomic builtins; the claim word only through smi_rpc_slot_*(). */
struct smi_rpc_conn {
	union {
		struct {
			int32_t  client_pid;   /*  0 */
			uint32_t client_state; /*  4 */
		};
		uint64_t client_slot;          /*  0: union smi_rpc_slot */
	};
	uint64_t client_start_time; /*  8: written by the holder before it leaves FREE */
	uint32_t epoch;             /* 16: connection generation, +1 per connect, never 0 */
	uint32_t conn_seq;          /* 20: futex word, +1 on every change */
	uint32_t connections;       /* 24: clients connected so far */
	uint32_t pad0;              /* 28 */
	uint64_t reset_ns;          /* 32: realtime of the last stats reset */
	uint8_t  pad[24];           /* 40 */
};
_Static_assert(sizeof(struct smi_rpc_conn) == 64, "one cache line");
_Static_assert(offsetof(struct smi_rpc_conn, client_state) == offsetof(union smi_rpc_slot, state) &&
	       offsetof(struct smi_rpc_conn, client_start_time) == 8, "claim word layout");

/* Acquire: pairs with the release CAS that made the word (what the holder
 * wrote before, its start time, is seen). */
static inline union smi_rpc_slot smi_rpc_slot_load(const struct smi_rpc_conn *c)
{
	union smi_rpc_slot s;
	s.word = __atomic_load_n(&c->client_slot, __ATOMIC_ACQUIRE);
	return s;
}

/* Change the claim word from exactly `from` to (pid, state); release. */
static inline bool smi_rpc_slot_cas(struct smi_rpc_conn *c, union smi_rpc_slot from, int32_t pid,
				    uint32_t state)
{
	union smi_rpc_slot to = { .pid = pid, .state = state };
	return __atomic_compare_exchange_n(&c->client_slot, &from.word, to.word, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The channel segment's payload.  Each side's statistics live on their own
 * cache lines; all counters are 8-byte words updated with relaxed atomics
 * (monitors read a consistent-enough snapshot word by word). */
struct smi_rpc_shared {
	struct smi_rpc_conn      conn;     /*   0 */
	struct sm_rpc_side_stats stats[2]; /*  64: [0] server, [1] client */
};
_Static_assert(sizeof(struct sm_rpc_side_stats) == 64 * 8, "side stats: 64 words");
_Static_assert(offsetof(struct smi_rpc_shared, stats) == 64, "stats after the conn line");
_Static_assert(sizeof(struct smi_rpc_shared) == 64 + 2 * 512, "shared payload size");

/* ---- Packets ---- */

enum smi_rpc_type {
	SMI_PKT_REQUEST  = 1,
	SMI_PKT_RESPONSE = 2,
	SMI_PKT_ERROR    = 3, /* payload: message text; status: the code */
	SMI_PKT_ABORT    = 4, /* sender gave up mid-message: drop the partial */
};
#define SMI_PKT_VERSION     1u
#define SMI_PKT_FLAG_LIBRARY 0x1u /* ERROR: made by the library (e.g. no handler), not a handler */
#define SMI_PKT_FLAG_ABORT_REQUEST 0x1u /* ABORT: the message cut off was a request */

/* Every packet starts with this header (little-endian, fixed). */
struct smi_rpc_packet {
	uint8_t  type;      /*  0: enum smi_rpc_type */
	uint8_t  version;   /*  1: SMI_PKT_VERSION */
	uint8_t  flags;     /*  2: SMI_PKT_FLAG_* */
	uint8_t  reserved;  /*  3: 0 */
	int32_t  status;    /*  4: error code (SMI_PKT_ERROR), else 0 */
	uint64_t call_id;   /*  8: the request's id (responses echo it) */
	uint32_t total_len; /* 16: message length in bytes */
	uint32_t index;     /* 20: packet number 0..count-1 */
	uint32_t count;     /* 24: packets in the message */
	uint32_t epoch;     /* 28: connection generation */
};
_Static_assert(sizeof(struct smi_rpc_packet) == SM_RPC_PACKET_HEADER, "packet header size");
_Static_assert(offsetof(struct smi_rpc_packet, epoch) == 28, "packet header layout");

/* Packets needed for `len` bytes at `payload` bytes per packet (>= 1). */
static inline uint32_t smi_rpc_packet_count(uint64_t len, uint32_t payload)
{
	return len == 0 ? 1u : (uint32_t)((len + payload - 1) / payload);
}

/* ---- Reassembly (rpc_packet.c) ----
 * Fed the packets of one direction in arrival order.  Messages from
 * different threads may interleave packet by packet (each thread's packets
 * stay in order: the ring keeps each producer's order), so partial
 * messages are kept per (request or reply, call id).  Every header field
 * is checked against the channel's limits and the message's first packet;
 * no length is trusted before it is checked.  A fuzz target drives it with
 * arbitrary packet sequences. */

struct smi_rpc_msg {
	uint8_t  type;    /* enum smi_rpc_type */
	uint8_t  flags;
	int32_t  status;
	uint64_t call_id;
	uint32_t epoch;
	void    *data;    /* malloc'ed, owned by the receiver of the message; NULL when len 0 */
	size_t   len;
	bool     counted; /* in the received statistics already (0 from reassembly) */
	uint64_t received_ns; /* smi_now_ns() when its last packet came after a wait; 0: not read */
};

#define SMI_REASM_SLOTS 128u /* messages partly assembled at once */
/* A partial message that has seen this many packets go by and none of its
 * own is given up when its slot is needed: its sender cut it off and the
 * ABORT was lost (the sender keeps only so many).  Live messages
 * interleave with at most SMI_REASM_SLOTS others. */
#define SMI_REASM_STALE_PACKETS (2u * SMI_REASM_SLOTS)

struct smi_rpc_partial {
	bool     used;
	struct smi_rpc_packet first; /* the message's first packet header */
	uint32_t next_index;
	uint8_t *buf;
	size_t   filled;
	uint64_t last_fed;           /* reasm.fed when its last packet came */
};

struct smi_rpc_reasm {
	uint32_t max_message, payload; /* limits */
	uint32_t active;               /* partial messages held */
	uint64_t fed;                  /* packets fed so far */
	struct smi_rpc_partial slot[SMI_REASM_SLOTS];
};

void smi_rpc_reasm_init(struct smi_rpc_reasm *r, uint32_t max_message, uint32_t payload);
/* Drop every partial message and free its buffer. */
void smi_rpc_reasm_reset(struct smi_rpc_reasm *r);
/* Feed one packet of pkt_len bytes (header included).
 * Returns 1: a message is complete, *out filled (out->data is the caller's
 * to free); 0: more packets needed (or an ABORT dropped a partial);
 * -EPROTO: the packet is inconsistent (bad header or length, an index out
 * of sequence, a first packet for a message already partial, a message
 * continued that never started, too many partial messages and none
 * stale (SMI_REASM_STALE_PACKETS; a stale one is dropped for it)): that
 * message's partial is dropped and out->call_id / out->type name it
 * (call_id 0 if the header itself was unreadable); -ENOMEM.  The
 * reassembler stays usable after any error. */
int smi_rpc_reasm_feed(struct smi_rpc_reasm *r, const void *pkt, size_t pkt_len,
		       struct smi_rpc_msg *out);

/* ---- Calls (rpc_calls.c) ---- */

enum smi_call_state { SMI_CALL_PENDING = 0, SMI_CALL_DONE = 1 };

/* Values of a call's futex word `done`. */
#define SMI_DONE_PENDING 0u
#define SMI_DONE_FINISHED 1u
#define SMI_DONE_KICKED  2u /* pending; its waiter is asked to read the ring */

struct smi_rpc_call {
	struct smi_rpc_call *next;   /* hash chain */
	uint64_t id;
	uint32_t done;               /* futex word: SMI_DONE_* */
	uint8_t  following;          /* its waiter sleeps while another thread reads */
	bool     on_rx;              /* made by the receiving thread: ring rx_bell too */
	enum smi_call_state state;
	bool     waited;             /* sync: a thread waits (or will) for it */
	bool     on_stack;           /* sm_rpc_call's own: its waiter's stack, never freed */
	uint32_t epoch;              /* server: the client it was sent to */
	struct smi_deadline deadline;
	uint64_t start_ns;
	sm_rpc_done_fn done_fn;      /* async */
	void    *user;
	struct sm_rpc_result res;
};

#define SMI_CALL_BUCKETS 256u

struct smi_rpc_calls {
	pthread_mutex_t lock;
	struct smi_rpc_call *bucket[SMI_CALL_BUCKETS];
	uint64_t next_id;            /* client: its epoch in the high 32 bits */
	uint32_t count;
	/* Async calls finished on a thread that must not run their
	 * completions (a sync caller that saw the peer go): the receiving
	 * thread runs them (smi_rpc_complete_due). */
	struct smi_rpc_call *handed_head, *handed_tail;
};

/* ---- The handle ---- */

struct smi_rpc_work; /* queued request for the worker pool */

#define SMI_MAX_ABORTS 16u

struct sm_rpc {
	char        name[SM_NAME_MAX + 1];
	bool        server;
	sm_segment *seg;
	struct smi_rpc_shared *sh;
	sm_ring    *tx, *rx;
	uint32_t    max_message, packet_size, payload, node_count;
	struct sm_rpc_side_stats *mine; /* this side's statistics */

	/* Peer */
	uint32_t    epoch;          /* client: its connection; server: last seen */
	atomic_int  peer_error;     /* sticky: 0 or the error new calls get */
	atomic_int  departed;       /* server: 0, or how calls to clients that left
				     * end, once the ring holds nothing more of
				     * theirs (-SM_ENOPEER, -SM_EPEERDEAD) */
	bool        peer_up;        /* server: a client (rpc->epoch) is known */
	pthread_mutex_t peer_lock;  /* one peer check at a time */
	_Atomic uint64_t last_check_ns;
	struct smi_proc_id self;

	/* Sending: messages cut off part-way owe the peer an ABORT */
	pthread_mutex_t abort_lock;
	uint32_t    n_aborts;       /* under abort_lock, stored atomically: smi_rpc_send() peeks */
	struct smi_rpc_packet aborts[SMI_MAX_ABORTS];
	int         pump_depth;     /* receiving thread: polls nested in sends */
	uint32_t    rx_epoch_seen;  /* receiving thread: epoch of the partials held */

	struct smi_rpc_calls calls;

	/* Handler */
	pthread_mutex_t handler_lock;
	sm_rpc_handler_fn handler;
	void       *handler_user;
	atomic_int  spin_us;

	/* Reading the incoming ring (rpc_wait.c).  One thread at a time holds
	 * the reader role (`lead`) to peek a packet and feed the reassembler.
	 * A caller waiting for its response reads the ring itself (leads), so
	 * a round trip crosses two threads; the receiving thread stands aside
	 * (parks on rx_bell) while sync calls are under way, runs what leaders
	 * hand it (requests, async completions: the deferred queue) and reads
	 * whatever arrives while nobody leads. */
	atomic_int  lead;           /* 1 while a thread holds the reader role */
	atomic_uint sync_waiting;   /* threads waiting for a sync call */
	atomic_uint leaders;        /* of which reading the ring */
	atomic_uint followers;      /* of which asleep on their call's futex */
	_Atomic uint64_t last_sync_ns; /* when a sync wait last began */
	uint32_t    rx_bell;        /* futex word: work for the receiving thread */
	struct smi_rpc_work *defer_head, *defer_tail; /* under work_lock */
	uint32_t    defer_replies;  /* replies deferred and not yet completed */
	/* Messages deferred and not yet taken: at most work_limit; while
	 * that many wait, callers do not read the ring (as for the pool's
	 * queue); the receiving thread, which takes them, always reads. */
	uint32_t    defer_len;

	/* Receiving thread and workers */
	pthread_t   rx_thread;
	bool        rx_started;
	atomic_bool stop;
	struct smi_rpc_reasm reasm;
	uint32_t    n_workers;
	pthread_t  *workers;
	pthread_mutex_t work_lock;
	pthread_cond_t  work_cond;
	struct smi_rpc_work *work_head, *work_tail;
	/* The pool's queue holds at most work_limit requests: while it is
	 * full nobody reads the incoming ring (the ring applies the limit:
	 * the peer's sends wait for space). */
	uint32_t    work_len;       /* under work_lock, read unlocked */
	uint32_t    work_limit;     /* node_count; the deferred queue's limit too */
	uint32_t    work_taken;     /* futex word: +1 per message taken from either queue */
	atomic_uint work_waiters;   /* readers asleep on work_taken */
	atomic_int  closing;        /* sm_rpc_close() called (it runs once) */
	bool        ring_shutdown;  /* the incoming ring read as shut down (client: by
				     * the server) or truncated: peeks fail at once */
};

/* Which handle this thread serves (receiving thread or worker), or NULL. */
extern _Thread_local sm_rpc *smi_rpc_current;
/* The handle whose receiving thread this is, or NULL: only that thread
 * reads the incoming ring (a call made on it pumps the ring itself). */
extern _Thread_local sm_rpc *smi_rpc_receiver;
/* The handle whose peer this thread is checking (rpc_peer.c), or NULL:
 * the check holds peer_lock, so completions of the calls it fails are
 * not run inside it, and a forced check within it must not wait for
 * itself. */
extern _Thread_local sm_rpc *smi_rpc_checking;

/* rpc_calls.c */
void smi_rpc_calls_init(struct smi_rpc_calls *c);
void smi_rpc_calls_destroy(struct smi_rpc_calls *c);
/* New pending call to connection `epoch` with a fresh id (also in *id),
 * inserted in the table; it starts at `now` (smi_now_ns()).  `mem`: NULL
 * (allocated) or the waiter's own storage (a sync call whose waiter takes
 * it out of the table before it returns). */
struct smi_rpc_call *smi_rpc_call_new(sm_rpc *rpc, uint32_t epoch, uint64_t now, int timeout_ms,
				      sm_rpc_done_fn fn, void *user, bool waited,
				      struct smi_rpc_call *mem, uint64_t *id);
/* Finish call `id` if still pending (status and, for status 0/-SM_EREMOTE,
 * the message's data, whose ownership passes on).  Returns true if this
 * finished it; false if it was unknown or already finished (data freed).
 * An async call's completion runs here on the receiving thread, else on
 * that thread later (see smi_rpc_complete_due). */
bool smi_rpc_call_finish(sm_rpc *rpc, uint64_t id, int status, struct smi_rpc_msg *msg);
/* sm_rpc_cancel(): the same, but a completion runs on this thread. */
bool smi_rpc_call_cancel(sm_rpc *rpc, uint64_t id);
/* For a reply read on a caller's thread: like smi_rpc_call_finish(), with
 * one lock, unless call `id` is async (its completion runs on the
 * receiving thread): then -1 and msg untouched.  1: finished; 0: unknown
 * or already finished (data freed). */
int smi_rpc_call_finish_waited(sm_rpc *rpc, uint64_t id, int status, struct smi_rpc_msg *msg);
/* Finish every pending call with `status` (epoch_only: only those sent
 * to connection `epoch`).  Waiters are woken at once; async completions
 * run here on the receiving thread, else are handed to it. */
void smi_rpc_calls_fail_all(sm_rpc *rpc, int status, bool epoch_only, uint32_t epoch);
/* Finish every pending call not sent to connection `epoch` (0: all). */
void smi_rpc_calls_fail_others(sm_rpc *rpc, int status, uint32_t epoch);
/* Is a call pending that was not sent to connection `epoch` (0: any)? */
bool smi_rpc_calls_any_other(sm_rpc *rpc, uint32_t epoch);
/* Is call `id` pending, sent to connection `epoch`? */
bool smi_rpc_call_pending_to(sm_rpc *rpc, uint64_t id, uint32_t epoch);
/* On the receiving thread, wherever it waits: run the completions handed
 * to it and finish async calls whose deadline passed with -ETIMEDOUT. */
void smi_rpc_complete_due(sm_rpc *rpc);
/* Run the completions handed to the receiving thread on this one (close,
 * once that thread has stopped). */
void smi_rpc_run_handed(sm_rpc *rpc);
/* Wait for a sync call and free it; returns its status. */
int smi_rpc_call_await(sm_rpc *rpc, struct smi_rpc_call *call, struct sm_rpc_result *res);
struct smi_rpc_call *smi_rpc_call_lookup_waited(sm_rpc *rpc, uint64_t id);
/* Take back call `id` whose request could not be sent: remove and free
 * it unless it is an async call that finished meanwhile (its completion
 * runs).  What it found: */
enum smi_withdrawn {
	SMI_WITHDRAWN_PENDING,  /* taken back unfinished: not accounted yet */
	SMI_WITHDRAWN_FINISHED, /* taken back, finished meanwhile: accounted */
	SMI_WITHDRAWN_NONE,     /* an async call that finished: left to its completion */
};
enum smi_withdrawn smi_rpc_call_withdraw(sm_rpc *rpc, uint64_t id);

/* rpc_send.c */
/* Send one message to connection `epoch` (a reply goes to the connection
 * its request came from; a server's request to the client it was made
 * for); blocks while the ring is full, up to `dl`, checking the peer.
 * 0 or -errno (-ETIMEDOUT, -SM_EPEERDEAD, -SM_ENOPEER (also: the server's
 * current client is not connection `epoch`), -SM_ESHUTDOWN, -EMSGSIZE). */
int smi_rpc_send(sm_rpc *rpc, uint32_t epoch, uint8_t type, uint8_t flags, int32_t status,
		 uint64_t call_id, const void *data, size_t len, const struct smi_deadline *dl);
/* Send the ABORTs owed if the ring has room now (the receiving thread,
 * idle): a peer must not hold a cut-off message until our next one. */
void smi_rpc_pay_aborts_idle(sm_rpc *rpc);
/* The error new calls/sends get now (0 if the peer is there). */
int smi_rpc_peer_status(sm_rpc *rpc);
/* The same, for a message about to go: a server's error is checked again
 * first (a client may have come since the last check). */
int smi_rpc_peer_status_now(sm_rpc *rpc);

/* rpc_reply.c */
/* Run the handler for one request and send its reply; frees msg->data. */
void smi_rpc_run_handler(sm_rpc *rpc, struct smi_rpc_msg *msg);
/* Error reply to request `call_id` of connection `epoch` (`library`: the
 * library's error, not the handler's). */
void smi_rpc_send_error(sm_rpc *rpc, uint32_t epoch, uint64_t call_id, int code, bool library,
			const char *text);

/* rpc_dispatch.c */
int smi_rpc_threads_start(sm_rpc *rpc, uint32_t workers);
void smi_rpc_threads_stop(sm_rpc *rpc);
/* Take in at most one packet, waiting up to timeout_ns; runs handlers and
 * completions it brings.  Used by the receiving thread and by a call
 * waiting on it (nested calls). */
int smi_rpc_poll(sm_rpc *rpc, int64_t timeout_ns);
/* The reader role: try to take it (acquire: what the last holder did to
 * the reassembler is visible) / give it back (release pairs with it). */
static inline bool smi_rpc_try_lead(sm_rpc *rpc)
{
	int expect = 0;
	return atomic_load_explicit(&rpc->lead, memory_order_relaxed) == 0 &&
	       atomic_compare_exchange_strong_explicit(&rpc->lead, &expect, 1, memory_order_acquire,
							memory_order_relaxed);
}
static inline void smi_rpc_unlead(sm_rpc *rpc)
{
	/* seq_cst: a follower counts itself, then retries the role; the
	 * leader leaving gives the role back, then reads the count. */
	atomic_store_explicit(&rpc->lead, 0, memory_order_seq_cst);
}
/* A caller's read of the ring while it waits: like smi_rpc_poll, but only
 * replies to waited (or unknown) calls are handled on this thread; requests
 * and async completions go to the receiving thread.  1 if a packet was
 * read, 0 if none came, -1 if another thread holds the reader role.
 * `now` (may be NULL): in, the time a moment ago (0: unknown); out, the
 * time after waiting for a packet (unchanged when none was needed). */
int smi_rpc_lead_poll(sm_rpc *rpc, int64_t timeout_ns, uint64_t *now);
/* Wake the receiving thread (rx_bell). */
void smi_rpc_ring_bell(sm_rpc *rpc);
/* Has the receiving thread replies handed to it still to complete?  While
 * it has, a caller's thread hands it replies too (completions keep the
 * order they arrived in) and waits for its own instead of reading the ring. */
bool smi_rpc_deferred_pending(sm_rpc *rpc);
/* Run what leaders handed the receiving thread (on that thread). */
void smi_rpc_run_deferred(sm_rpc *rpc);
/* Ask one follower to take over reading (SMI_DONE_KICKED). */
void smi_rpc_kick_follower(sm_rpc *rpc);
/* rpc_wait.c: wait until call->done or its deadline (see struct sm_rpc). */
void smi_rpc_wait_done(sm_rpc *rpc, struct smi_rpc_call *call);

/* A worker waiting on a nested call runs one queued request, so a pool
 * whose workers all wait on nested calls cannot deadlock.  True if it ran
 * one. */
bool smi_rpc_help_one(sm_rpc *rpc);
/* Are requests queued for the pool?  (Unlocked: a hint.) */
bool smi_rpc_work_queued(sm_rpc *rpc);
/* rpc_peer.c: check the peer (at most every few ms unless `force`); fails pending
 * calls when it died or left. */
void smi_rpc_check_peer(sm_rpc *rpc, bool force);
/* The same, unforced, with the time already read (`now`, smi_now_ns()). */
void smi_rpc_check_peer_at(sm_rpc *rpc, uint64_t now);
/* Server: calls to clients that left fail with `status` once the ring
 * holds nothing more of theirs (a reader finds it empty: their replies
 * written before they left are read first). */
void smi_rpc_mark_departed(sm_rpc *rpc, int status);
/* Is the process holding the client slot as `s` (read just before, pid
 * not 0) alive?  Its start time counts once it has left FREE. */
bool smi_rpc_slot_holder_alive(const struct smi_rpc_conn *c, union smi_rpc_slot s);
/* Test hook: called (when set) by sm_rpc_connect() right after it claimed
 * the slot, so a test can run the server's check there.  Not exported. */
extern void (*smi_rpc_claim_hook)(void);

/* rpc_stats.c */
void smi_rpc_stats_init(struct sm_rpc_side_stats *s);
static inline void smi_stat_add(uint64_t *field, uint64_t n)
{
	__atomic_fetch_add(field, n, __ATOMIC_RELAXED); /* counters: no ordering */
}
static inline void smi_stat_set(int64_t *field, int64_t v)
{
	__atomic_store_n(field, v, __ATOMIC_RELAXED);
}
void smi_stat_max(int64_t *field, int64_t v);
void smi_stat_latency(struct sm_rpc_side_stats *s, uint64_t ns);
void smi_rpc_stats_copy(const struct smi_rpc_shared *sh, const struct smi_rpc_params *p,
			const sm_segment *seg, struct sm_rpc_stats *out);
void smi_rpc_stats_reset_shared(struct smi_rpc_shared *sh);

/* Deadlines from a time already read: a round trip reads the clock
 * often enough as it is (each read costs about as much as a ring
 * operation). */
static inline struct smi_deadline smi_rpc_deadline_at(uint64_t now, int timeout_ms)
{
	struct smi_deadline d = { 0, timeout_ms < 0 };
	if (!d.forever)
		d.end_ns = now + (uint64_t)timeout_ms * 1000000u;
	return d;
}
static inline int64_t smi_rpc_left_at(const struct smi_deadline *d, uint64_t now)
{
	if (d->forever)
		return INT64_MAX;
	return now >= d->end_ns ? 0 : (int64_t)(d->end_ns - now);
}

#endif
