/* rpc_dispatch.c — the receiving side: the receiving thread, packet
 * intake, matching responses to calls, handing requests to handlers
 * inline or on the worker pool (rpc_reply.c runs them; rpc_peer.c
 * watches the peer). */
#include "rpc_internal.h"
#include "ring_internal.h"

#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define IDLE_SLICE_NS  5000000 /* sleep at most this long between peer checks */
#define HOT_NS         20000000 /* callers read the ring this long after a sync call began */
#define PARK_NS         1000000 /* meanwhile the receiving thread looks this often */

/* The connection whose packets are taken in now; 0 (no epoch is 0) while
 * no client is connected: what a client that closed left in the ring, or
 * in the pool's queue, is not run. */
static uint32_t rx_epoch(sm_rpc *rpc)
{
	if (!rpc->server)
		return rpc->epoch;
	/* Acquire pairs with the client's release of the claim word after it
	 * bumped the epoch. */
	if (smi_rpc_slot_load(&rpc->sh->conn).state != SMI_CLIENT_CONNECTED)
		return 0;
	return __atomic_load_n(&rpc->sh->conn.epoch, __ATOMIC_RELAXED);
}

/* ---- Worker pool ---- */

struct smi_rpc_work {
	struct smi_rpc_work *next;
	struct smi_rpc_msg msg;
};

/* Wake the readers waiting for room in a queue (see intake_full()). */
static void work_room_made(sm_rpc *rpc)
{
	/* seq_cst: pairs with wait_room()'s count, then its look at
	 * the queue (no wake-up is lost). */
	__atomic_fetch_add(&rpc->work_taken, 1, __ATOMIC_SEQ_CST);
	if (atomic_load_explicit(&rpc->work_waiters, memory_order_seq_cst))
		smi_futex_wake(&rpc->work_taken, INT32_MAX);
}

/* Drop a list of requests no thread takes from (the threads are gone, or
 * it was taken out of the pool's queue). */
static void free_works(struct smi_rpc_work *list)
{
	while (list) {
		struct smi_rpc_work *w = list;
		list = w->next;
		free(w->msg.data);
		free(w);
	}
}

/* Take the first queued request (work_lock held), or NULL. */
static struct smi_rpc_work *dequeue_locked(sm_rpc *rpc)
{
	struct smi_rpc_work *w = rpc->work_head;
	if (!w)
		return NULL;
	__atomic_store_n(&rpc->work_head, w->next, __ATOMIC_RELAXED); /* peeked unlocked */
	if (!rpc->work_head)
		rpc->work_tail = NULL;
	__atomic_fetch_sub(&rpc->work_len, 1, __ATOMIC_SEQ_CST);
	return w;
}

/* Run a request taken from the queue, unless the client that sent it has
 * left meanwhile: its reply could go nowhere, and the next client's calls
 * would wait behind what it left queued (as in the ring, which is read
 * past such requests: take_packet()). */
static void run_queued(sm_rpc *rpc, struct smi_rpc_work *w)
{
	if (w->msg.epoch == rx_epoch(rpc))
		smi_rpc_run_handler(rpc, &w->msg);
	else
		free(w->msg.data);
	free(w);
}

static void *worker_main(void *arg)
{
	sm_rpc *rpc = arg;
	smi_rpc_current = rpc;
	pthread_mutex_lock(&rpc->work_lock);
	for (;;) {
		while (!rpc->work_head && !atomic_load(&rpc->stop))
			pthread_cond_wait(&rpc->work_cond, &rpc->work_lock);
		if (atomic_load(&rpc->stop))
			break;
		struct smi_rpc_work *w = dequeue_locked(rpc);
		pthread_mutex_unlock(&rpc->work_lock);
		work_room_made(rpc);
		run_queued(rpc, w);
		pthread_mutex_lock(&rpc->work_lock);
	}
	pthread_mutex_unlock(&rpc->work_lock);
	return NULL;
}

bool smi_rpc_help_one(sm_rpc *rpc)
{
	pthread_mutex_lock(&rpc->work_lock);
	struct smi_rpc_work *w = dequeue_locked(rpc);
	pthread_mutex_unlock(&rpc->work_lock);
	if (!w)
		return false;
	work_room_made(rpc);
	run_queued(rpc, w);
	return true;
}

bool smi_rpc_work_queued(sm_rpc *rpc)
{
	/* A hint: help_one() takes the request under the lock. */
	return __atomic_load_n(&rpc->work_head, __ATOMIC_RELAXED) != NULL;
}

/* Append msg to a queue under work_lock (the worker queue or the deferred
 * one); false when out of memory (msg untouched). */
static bool queue_msg(sm_rpc *rpc, struct smi_rpc_work **head, struct smi_rpc_work **tail,
		      const struct smi_rpc_msg *msg)
{
	struct smi_rpc_work *w = malloc(sizeof(*w));
	if (!w)
		return false;
	w->next = NULL;
	w->msg = *msg;
	pthread_mutex_lock(&rpc->work_lock);
	if (*tail)
		(*tail)->next = w;
	else /* release pairs with run_deferred()'s unlocked acquire peek */
		__atomic_store_n(head, w, __ATOMIC_RELEASE);
	*tail = w;
	pthread_cond_signal(&rpc->work_cond);
	pthread_mutex_unlock(&rpc->work_lock);
	return true;
}

static void enqueue(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	/* Counted before it can be taken (dequeue_locked() counts down). */
	__atomic_fetch_add(&rpc->work_len, 1, __ATOMIC_SEQ_CST);
	if (!queue_msg(rpc, &rpc->work_head, &rpc->work_tail, msg)) {
		__atomic_fetch_sub(&rpc->work_len, 1, __ATOMIC_SEQ_CST);
		work_room_made(rpc);
		smi_rpc_send_error(rpc, msg->epoch, msg->call_id, -ENOMEM, true, "out of memory queueing the request");
		free(msg->data);
	}
}

/* Is the pool's queue full?  Then the ring is not read: one packet read
 * adds at most one request, and only the reader (one thread) adds. */
static bool work_full(sm_rpc *rpc)
{
	return rpc->n_workers &&
	       __atomic_load_n(&rpc->work_len, __ATOMIC_SEQ_CST) >= rpc->work_limit;
}

/* Server: take the requests of clients that have left off the head of the
 * queue (run_queued() would not run them; the queue is in ring order, so
 * they come first): a queue full of them must not keep the ring unread,
 * or calls to a client that left would not end until a worker is done
 * with the request in its hands.  True if it made room. */
static bool drop_departed_work(sm_rpc *rpc)
{
	if (!rpc->server)
		return false;
	uint32_t epoch = rx_epoch(rpc);
	struct smi_rpc_work *dropped = NULL;
	pthread_mutex_lock(&rpc->work_lock);
	while (rpc->work_head && rpc->work_head->msg.epoch != epoch) {
		struct smi_rpc_work *w = dequeue_locked(rpc);
		w->next = dropped;
		dropped = w;
	}
	pthread_mutex_unlock(&rpc->work_lock);
	if (!dropped)
		return false;
	free_works(dropped);
	work_room_made(rpc);
	return true;
}

/* Is the queue of what callers hand the receiving thread full (inline
 * handlers: the requests they read)?  Then callers do not read the ring
 * either.  The receiving thread, which empties it, never adds to it and
 * reads on (a handler of its own may be waiting for a reply). */
static bool defer_full(sm_rpc *rpc)
{
	return smi_rpc_receiver != rpc &&
	       __atomic_load_n(&rpc->defer_len, __ATOMIC_SEQ_CST) >= rpc->work_limit;
}

/* Is a queue the next message would go to full? */
static bool intake_full(sm_rpc *rpc)
{
	return work_full(rpc) || defer_full(rpc);
}

/* Wait up to timeout_ns for room in the queues; true once there is.  A
 * worker does not wait for the pool's queue: it is to make the room
 * (smi_rpc_help_one()).  The receiving thread empties the deferred
 * queue between its reads, whatever it waits for. */
static bool wait_room(sm_rpc *rpc, int64_t timeout_ns)
{
	if (work_full(rpc) && smi_rpc_current == rpc && smi_rpc_receiver != rpc)
		return false;
	struct smi_deadline dl = { smi_now_ns() + (uint64_t)(timeout_ns > 0 ? timeout_ns : 0), false };
	for (;;) {
		uint32_t seen = __atomic_load_n(&rpc->work_taken, __ATOMIC_SEQ_CST);
		/* Counted, then the queue looked at again (seq_cst): a worker
		 * taking a request after our look sees the count and wakes. */
		atomic_fetch_add_explicit(&rpc->work_waiters, 1, memory_order_seq_cst);
		int64_t left = smi_deadline_left_ns(&dl);
		bool stop = atomic_load_explicit(&rpc->stop, memory_order_relaxed);
		if (intake_full(rpc) && left && !stop)
			smi_futex_wait(&rpc->work_taken, seen, left);
		atomic_fetch_sub_explicit(&rpc->work_waiters, 1, memory_order_relaxed);
		if (!intake_full(rpc))
			return true;
		if (!left || stop)
			return false;
	}
}

/* ---- Intake ---- */

static void count_received(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	struct sm_rpc_side_stats *s = rpc->mine;
	smi_stat_set(&s->reading_last_message_size, (int64_t)msg->len);
	smi_stat_add(msg->type == SMI_PKT_REQUEST ? &s->requests_received :
		     msg->type == SMI_PKT_RESPONSE ? &s->responses_received : &s->errors_received, 1);
	smi_stat_add(&s->messages_received, 1);
}

static void discarded(sm_rpc *rpc, uint64_t id)
{
	smi_stat_add(&rpc->mine->discarded_responses, 1);
	__atomic_store_n(&rpc->mine->last_discarded_response_id, id, __ATOMIC_RELAXED);
}

/* The status a reply (RESPONSE or ERROR) finishes its call with. */
static int reply_status(const struct smi_rpc_msg *msg)
{
	if (msg->type == SMI_PKT_RESPONSE)
		return 0;
	return (msg->flags & SMI_PKT_FLAG_LIBRARY) ? msg->status : -SM_EREMOTE;
}

static void handle_msg(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	if (!msg->counted)
		count_received(rpc, msg);
	switch (msg->type) {
	case SMI_PKT_REQUEST:
		if (rpc->n_workers)
			enqueue(rpc, msg);
		else
			smi_rpc_run_handler(rpc, msg);
		break;
	case SMI_PKT_RESPONSE:
	case SMI_PKT_ERROR:
		if (!smi_rpc_call_finish(rpc, msg->call_id, reply_status(msg), msg))
			discarded(rpc, msg->call_id);
		break;
	default:
		free(msg->data);
	}
}

/* A rejected packet sequence: the message it belonged to fails. */
static void protocol_error(sm_rpc *rpc, struct smi_rpc_msg *lost)
{
	smi_stat_add(&rpc->mine->protocol_errors, 1);
	if (!lost->call_id)
		return;
	if (lost->type == SMI_PKT_RESPONSE || lost->type == SMI_PKT_ERROR)
		smi_rpc_call_finish(rpc, lost->call_id, -EPROTO, NULL);
	else if (lost->type == SMI_PKT_REQUEST)
		smi_rpc_send_error(rpc, lost->epoch, lost->call_id, -EPROTO, true, "request arrived as an inconsistent packet sequence");
}

/* The client's incoming ring is drained and nothing more can come (shut
 * down, or the server found closed or dead): pending calls fail with what
 * the server's departure is (-SM_ESHUTDOWN unless a check saw it die). */
static void ring_shut(sm_rpc *rpc)
{
	/* Replies handed to the receiving thread are not finished yet:
	 * failing their calls now would beat them.  A later read acts (that
	 * thread runs them before it reads). */
	if (!rpc->server && smi_rpc_deferred_pending(rpc))
		return;
	/* Readers on several threads may see the shutdown: one acts on it.
	 * The server's own ring shuts only in its close (or its file was
	 * truncated): its calls are not failed here. */
	if (__atomic_exchange_n(&rpc->ring_shutdown, true, __ATOMIC_RELAXED) || rpc->server)
		return;
	int expect = 0;
	atomic_compare_exchange_strong(&rpc->peer_error, &expect, -SM_ESHUTDOWN);
	smi_rpc_calls_fail_all(rpc, atomic_load(&rpc->peer_error), false, 0);
}

/* Has a peer check found the peer gone: the server closed or dead (client),
 * a client with calls pending left or died (server)?  Read before the
 * ring (seq_cst, after the check's acquire of what told it): what the
 * peer wrote before it went is then seen there. */
static bool peer_gone(sm_rpc *rpc)
{
	return atomic_load(rpc->server ? &rpc->departed : &rpc->peer_error) != 0;
}

/* Server: nothing more of the clients that left is in the ring (it read
 * empty, or a packet of the connection `current` came after theirs);
 * calls still pending to clients other than `current` get no reply now. */
static void fail_departed(sm_rpc *rpc, uint32_t current)
{
	if (smi_rpc_deferred_pending(rpc))
		return; /* as in ring_shut() */
	int status = atomic_exchange(&rpc->departed, 0);
	if (status)
		smi_rpc_calls_fail_others(rpc, status, current);
}

/* Server: a reply from connection `epoch`, not the current one, still
 * finishes its call if that call went to that connection (the client
 * answered, then left). */
static bool reply_of_departed(sm_rpc *rpc, const struct smi_rpc_packet *h)
{
	return rpc->server && (h->type == SMI_PKT_RESPONSE || h->type == SMI_PKT_ERROR) &&
	       smi_rpc_call_pending_to(rpc, h->call_id, h->epoch);
}

/* Is the packet at the head of the incoming ring (part of) a reply that a
 * caller waits for?  It is read even while the queues are full: behind
 * the requests they hold, the waiting caller could not get it until a
 * slow inline handler returned, and timed out although it was there.
 * The reader finishes the call itself (or, with replies queued before it,
 * queues it: then one over the bound per waiting caller, no more). */
static bool waited_reply_next(sm_rpc *rpc)
{
	struct smi_rpc_packet h;
	if (smi_ring_look(rpc->rx, &h, sizeof h) < (ssize_t)sizeof h)
		return false;
	return (h.type == SMI_PKT_RESPONSE || h.type == SMI_PKT_ERROR) &&
	       smi_rpc_call_lookup_waited(rpc, h.call_id) != NULL;
}

/* The queues are full, and the ring's head holds no reply that a caller
 * waits for: wait up to timeout_ns until the head can be taken.  With
 * the ring empty that is a packet coming (a reply is taken however full
 * the queues are): waiting for room then, the reply sat at the head until
 * the wait ended, a lead slice (2 ms) per call.  A packet that must wait
 * its turn in a queue (a request) waits for room, as the wait made of
 * the whole timeout_ns before.  True once it can be taken. */
static bool wait_takeable(sm_rpc *rpc, int64_t timeout_ns)
{
	struct smi_rpc_packet h;
	bool worker = smi_rpc_current == rpc && smi_rpc_receiver != rpc;
	if (timeout_ns <= 0 || (work_full(rpc) && worker) ||
	    smi_ring_look(rpc->rx, &h, sizeof h) >= 0)
		return wait_room(rpc, timeout_ns);
	uint64_t start = smi_now_ns();
	int e = smi_ring_await_next(rpc->rx, (int)((timeout_ns + 999999) / 1000000));
	if (e == -ETIMEDOUT)
		return false; /* nothing came: nothing to take, room or not */
	if (!e && (waited_reply_next(rpc) || !intake_full(rpc)))
		return true;
	int64_t left = timeout_ns - (int64_t)(smi_now_ns() - start);
	return left > 0 && wait_room(rpc, left);
}

/* What take_packet() brought.  TAKE_DEPARTED: nothing, and the server's
 * departed clients have nothing left in the ring. */
enum take { TAKE_NONE, TAKE_PACKET, TAKE_MSG, TAKE_PROTO, TAKE_SHUT, TAKE_DEPARTED };

/* Take in at most one packet; the reader role is held.  TAKE_MSG: *msg is
 * a complete message; TAKE_PROTO: *msg names the message lost.  `now`
 * (may be NULL): in, the time a moment ago (0: unknown); out, the time
 * after a wait (unchanged when none was needed).  *passed: set to the
 * current connection when a packet of it was read after clients left
 * (the ring holds nothing more of theirs: they wrote before it came). */
static enum take take_packet(sm_rpc *rpc, int64_t timeout_ns, struct smi_rpc_msg *msg,
			     uint64_t *now, uint32_t *passed)
{
	if (work_full(rpc))
		drop_departed_work(rpc);
	if (intake_full(rpc) && !waited_reply_next(rpc)) {
		bool room = wait_takeable(rpc, timeout_ns);
		if (now && timeout_ns > 0)
			*now = smi_now_ns(); /* it may have waited */
		if (!room)
			return TAKE_NONE; /* the ring holds the requests meanwhile */
	}
	struct sm_ring_slot slot;
	int ms = timeout_ns <= 0 ? 0 : (int)((timeout_ns + 999999) / 1000000);
	bool gone = peer_gone(rpc);
	/* A packet already there needs no clock read (the wait statistic
	 * counts only real waits). */
	int err = sm_ring_peek(rpc->rx, &slot, 0);
	uint64_t t1 = 0;
	if (err == -ETIMEDOUT && gone) /* drained: nothing more of theirs will come */
		return rpc->server ? TAKE_DEPARTED : TAKE_SHUT;
	if (err == -ETIMEDOUT && ms) {
		uint64_t t0 = now && *now ? *now : smi_now_ns();
		err = sm_ring_peek(rpc->rx, &slot, ms);
		t1 = smi_now_ns();
		if (now)
			*now = t1;
		if (!err)
			smi_stat_max(&rpc->mine->max_wait_read_ns, (int64_t)(t1 - t0));
	}
	if (err == -SM_ESHUTDOWN || err == -SM_EBADHEADER) /* closed, or its file truncated */
		return TAKE_SHUT;
	if (err)
		return TAKE_NONE;

	size_t n = slot.length;
	struct smi_rpc_packet h = { 0 };
	if (n >= sizeof(h))
		memcpy(&h, slot.data, sizeof(h));
	uint32_t current = rx_epoch(rpc);
	if (n >= sizeof(h) && h.epoch == current && gone && rpc->server)
		*passed = current;
	if (n >= sizeof(h) && h.epoch != current && !reply_of_departed(rpc, &h)) {
		/* From or for another connection: a reply is discarded and
		 * counted (once per message), a request never run. */
		sm_ring_release(rpc->rx, &slot);
		if ((h.type == SMI_PKT_RESPONSE || h.type == SMI_PKT_ERROR) && h.index == 0)
			discarded(rpc, h.call_id);
		return TAKE_PACKET;
	}
	if (n >= sizeof(h) && h.epoch != rpc->rx_epoch_seen) {
		smi_rpc_reasm_reset(&rpc->reasm); /* partials of an earlier connection */
		rpc->rx_epoch_seen = h.epoch;
	}

	int r = smi_rpc_reasm_feed(&rpc->reasm, slot.data, n, msg);
	sm_ring_release(rpc->rx, &slot);
	if (r == 1)
		msg->received_ns = t1; /* a call's latency ends here (0: read later) */

	struct sm_rpc_side_stats *s = rpc->mine;
	size_t body = n >= sizeof(h) ? n - sizeof(h) : 0;
	smi_stat_add(&s->packets_read, 1);
	smi_stat_add(&s->bytes_read, body);
	smi_stat_set(&s->reading_last_packet_size, (int64_t)body);
	smi_stat_max(&s->reading_max_packet_size, (int64_t)body);
	return r == -EPROTO ? TAKE_PROTO : r == 1 ? TAKE_MSG : TAKE_PACKET;
}

/* Act on what take_packet() brought (the reader role given back). */
static int took(sm_rpc *rpc, enum take t, struct smi_rpc_msg *msg)
{
	if (t == TAKE_SHUT)
		ring_shut(rpc);
	else if (t == TAKE_DEPARTED)
		fail_departed(rpc, rx_epoch(rpc));
	else if (t == TAKE_PROTO)
		protocol_error(rpc, msg);
	else if (t == TAKE_MSG)
		handle_msg(rpc, msg);
	return t != TAKE_NONE && t != TAKE_SHUT && t != TAKE_DEPARTED;
}

/* take_packet(), the reader role given back, and the calls to departed
 * clients failed if the packet told that nothing more of theirs comes. */
static enum take take_and_unlead(sm_rpc *rpc, int64_t timeout_ns, struct smi_rpc_msg *msg,
				 uint64_t *now)
{
	uint32_t passed = 0;
	enum take t = take_packet(rpc, timeout_ns, msg, now, &passed);
	smi_rpc_unlead(rpc);
	if (passed)
		fail_departed(rpc, passed);
	return t;
}

static int poll_at(sm_rpc *rpc, int64_t timeout_ns, uint64_t *now)
{
	if (!smi_rpc_try_lead(rpc))
		return 0;
	struct smi_rpc_msg msg;
	enum take t = take_and_unlead(rpc, timeout_ns, &msg, now);
	return took(rpc, t, &msg);
}

int smi_rpc_poll(sm_rpc *rpc, int64_t timeout_ns)
{
	return poll_at(rpc, timeout_ns, NULL);
}

/* ---- Reading on a caller's thread (see rpc_wait.c) ---- */

void smi_rpc_ring_bell(sm_rpc *rpc)
{
	/* Release pairs with the receiving thread's acquire load before it
	 * sleeps on the bell. */
	__atomic_fetch_add(&rpc->rx_bell, 1, __ATOMIC_RELEASE);
	smi_futex_wake(&rpc->rx_bell, 1);
}

static bool is_reply(const struct smi_rpc_msg *msg)
{
	return msg->type == SMI_PKT_RESPONSE || msg->type == SMI_PKT_ERROR;
}

/* Hand a message to the receiving thread.  Replies count as pending from
 * before they are queued until their completion has run (requests do not:
 * a slow inline handler must not keep callers from reading). */
static void defer(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	bool reply = is_reply(msg);
	if (reply)
		__atomic_fetch_add(&rpc->defer_replies, 1, __ATOMIC_SEQ_CST);
	/* Counted before it can be taken (run_deferred() counts down). */
	__atomic_fetch_add(&rpc->defer_len, 1, __ATOMIC_SEQ_CST);
	if (!queue_msg(rpc, &rpc->defer_head, &rpc->defer_tail, msg)) {
		__atomic_fetch_sub(&rpc->defer_len, 1, __ATOMIC_SEQ_CST);
		handle_msg(rpc, msg); /* better here than lost */
		if (reply)
			__atomic_fetch_sub(&rpc->defer_replies, 1, __ATOMIC_RELEASE);
		return;
	}
	smi_rpc_ring_bell(rpc);
}

bool smi_rpc_deferred_pending(sm_rpc *rpc)
{
	/* Acquire pairs with the release decrement in smi_rpc_run_deferred():
	 * what the completions did is seen by a caller finding none pending. */
	return __atomic_load_n(&rpc->defer_replies, __ATOMIC_ACQUIRE) != 0;
}

void smi_rpc_run_deferred(sm_rpc *rpc)
{
	/* An unlocked peek: a message deferred after it rings the bell.
	 * Acquire pairs with the release store in queue_msg(). */
	if (!__atomic_load_n(&rpc->defer_head, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&rpc->work_lock);
	struct smi_rpc_work *list = rpc->defer_head;
	__atomic_store_n(&rpc->defer_head, NULL, __ATOMIC_RELAXED);
	rpc->defer_tail = NULL;
	pthread_mutex_unlock(&rpc->work_lock);
	while (list) {
		struct smi_rpc_work *w = list;
		list = w->next;
		bool reply = is_reply(&w->msg);
		/* In hand now: a caller may read one more (the queue's bound
		 * counts what waits, as the pool's does). */
		__atomic_fetch_sub(&rpc->defer_len, 1, __ATOMIC_SEQ_CST);
		work_room_made(rpc);
		handle_msg(rpc, &w->msg);
		free(w);
		if (reply)
			__atomic_fetch_sub(&rpc->defer_replies, 1, __ATOMIC_RELEASE);
	}
}

/* A message a caller's thread read.  It handles replies to waited calls
 * (and to calls no longer there: discarded) itself, with one look-up in
 * the call table; requests queue for the workers directly.  Handlers
 * (inline mode) and async completions run on the receiving thread, as
 * documented, and so does everything while replies wait there
 * (completions keep their order). */
static void caller_took(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	if (smi_rpc_deferred_pending(rpc) ||
	    (msg->type == SMI_PKT_REQUEST && rpc->n_workers == 0)) {
		defer(rpc, msg);
		return;
	}
	if (!is_reply(msg)) {
		handle_msg(rpc, msg);
		return;
	}
	count_received(rpc, msg);
	msg->counted = true;
	int r = smi_rpc_call_finish_waited(rpc, msg->call_id, reply_status(msg), msg);
	if (r < 0)
		defer(rpc, msg); /* an async call's */
	else if (r == 0)
		discarded(rpc, msg->call_id);
}

int smi_rpc_lead_poll(sm_rpc *rpc, int64_t timeout_ns, uint64_t *now)
{
	if (!smi_rpc_try_lead(rpc))
		return -1;
	struct smi_rpc_msg msg;
	enum take t = take_and_unlead(rpc, timeout_ns, &msg, now);
	if (t == TAKE_MSG) {
		caller_took(rpc, &msg);
		return 1;
	}
	return took(rpc, t, &msg);
}

/* ---- Threads ---- */

/* Server: partials of a client that is gone (killed, or closed with a
 * message cut off) would otherwise be held until the next client's first
 * packet; none of their packets can come any more. */
static void drop_departed_partials(sm_rpc *rpc)
{
	if (!rpc->server || !smi_rpc_try_lead(rpc))
		return;
	if (rpc->reasm.active && rx_epoch(rpc) != rpc->rx_epoch_seen)
		smi_rpc_reasm_reset(&rpc->reasm);
	smi_rpc_unlead(rpc);
}

/* While sync calls are under way (and HOT_NS after the last began) their
 * callers read the ring: the receiving thread reads only while none does,
 * and otherwise sleeps on rx_bell. */
static bool calls_hot(sm_rpc *rpc)
{
	if (atomic_load_explicit(&rpc->sync_waiting, memory_order_relaxed))
		return true;
	uint64_t last = atomic_load_explicit(&rpc->last_sync_ns, memory_order_relaxed);
	return last && smi_now_ns() - last < HOT_NS;
}

static void rx_hot(sm_rpc *rpc)
{
	uint32_t bell = __atomic_load_n(&rpc->rx_bell, __ATOMIC_ACQUIRE);
	smi_rpc_run_deferred(rpc);
	if (atomic_load_explicit(&rpc->leaders, memory_order_acquire) == 0) {
		int n = 0;
		while (n < 64 && smi_rpc_poll(rpc, 0)) /* what came while nobody read */
			n++;
		if (n)
			return;
	}
	smi_futex_wait(&rpc->rx_bell, bell, PARK_NS);
}

/* Idle with the incoming ring shut down: a peek fails at once, so the
 * receiving thread sleeps on the bell (completions handed to it, close)
 * between its peeks instead of spinning on them. */
static void rx_shut_idle(sm_rpc *rpc)
{
	uint32_t bell = __atomic_load_n(&rpc->rx_bell, __ATOMIC_ACQUIRE);
	if (!atomic_load_explicit(&rpc->stop, memory_order_acquire))
		smi_futex_wait(&rpc->rx_bell, bell, IDLE_SLICE_NS);
}

static void *rx_main(void *arg)
{
	sm_rpc *rpc = arg;
	smi_rpc_current = rpc;
	smi_rpc_receiver = rpc;
	unsigned spins = 0;
	while (!atomic_load_explicit(&rpc->stop, memory_order_acquire)) {
		uint64_t now = 0; /* the time, when a wait read it */
		if (calls_hot(rpc)) {
			rx_hot(rpc);
		} else {
			smi_rpc_run_deferred(rpc);
			uint64_t spin_ns = (uint64_t)atomic_load_explicit(&rpc->spin_us, memory_order_relaxed) * 1000u;
			uint64_t spin_end = spin_ns ? smi_now_ns() + spin_ns : 0;
			int got = smi_rpc_poll(rpc, 0);
			while (!got && spin_ns && smi_now_ns() < spin_end &&
			       !atomic_load_explicit(&rpc->stop, memory_order_relaxed) && !calls_hot(rpc)) {
				smi_cpu_relax();
				if ((++spins & 63) == 0)
					sched_yield(); /* never hog a shared core */
				got = smi_rpc_poll(rpc, 0);
			}
			if (!got && __atomic_load_n(&rpc->ring_shutdown, __ATOMIC_RELAXED))
				rx_shut_idle(rpc);
			else if (!got && !calls_hot(rpc) && !poll_at(rpc, IDLE_SLICE_NS, &now)) {
				drop_departed_partials(rpc);
				smi_rpc_pay_aborts_idle(rpc);
			}
		}
		if (now)
			smi_rpc_check_peer_at(rpc, now);
		else
			smi_rpc_check_peer(rpc, false);
		smi_rpc_complete_due(rpc);
	}
	smi_rpc_run_deferred(rpc);
	smi_rpc_run_handed(rpc);
	return NULL;
}

int smi_rpc_threads_start(sm_rpc *rpc, uint32_t workers)
{
	pthread_mutex_init(&rpc->work_lock, NULL);
	pthread_cond_init(&rpc->work_cond, NULL);
	rpc->work_limit = rpc->node_count; /* as many as the ring holds */
	if (workers) {
		rpc->workers = calloc(workers, sizeof(pthread_t));
		if (!rpc->workers)
			return -ENOMEM;
		for (uint32_t i = 0; i < workers; i++) {
			int e = pthread_create(&rpc->workers[i], NULL, worker_main, rpc);
			if (e) {
				smi_rpc_threads_stop(rpc);
				return -e;
			}
			rpc->n_workers = i + 1;
		}
	}
	/* Set before the thread exists: a close from inside a handler reads
	 * it on a thread the receiving thread starts. */
	rpc->rx_started = true;
	int e = pthread_create(&rpc->rx_thread, NULL, rx_main, rpc);
	if (e) {
		rpc->rx_started = false;
		smi_rpc_threads_stop(rpc);
		return -e;
	}
	return 0;
}

void smi_rpc_threads_stop(sm_rpc *rpc)
{
	atomic_store_explicit(&rpc->stop, true, memory_order_release);
	smi_rpc_ring_bell(rpc);
	work_room_made(rpc); /* a reader waiting for room stops waiting */
	pthread_mutex_lock(&rpc->work_lock);
	pthread_cond_broadcast(&rpc->work_cond);
	pthread_mutex_unlock(&rpc->work_lock);
	if (rpc->rx_started)
		pthread_join(rpc->rx_thread, NULL);
	rpc->rx_started = false;
	for (uint32_t i = 0; i < rpc->n_workers; i++)
		pthread_join(rpc->workers[i], NULL);
	rpc->n_workers = 0;
	free(rpc->workers);
	rpc->workers = NULL;
	free_works(rpc->work_head);
	rpc->work_head = rpc->work_tail = NULL;
	rpc->work_len = 0;
	free_works(rpc->defer_head);
	rpc->defer_head = rpc->defer_tail = NULL;
	rpc->defer_len = 0;
	pthread_cond_destroy(&rpc->work_cond);
	pthread_mutex_destroy(&rpc->work_lock);
}
