/* rpc_dispatch.c — the receiving side: the receiving thread, packet
 * intake, matching responses to calls, running handlers inline or on the
 * worker pool, and watching the peer. */
#include "rpc_internal.h"

#include <sched.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDLE_SLICE_NS  5000000 /* sleep at most this long between peer checks */
#define CHECK_EVERY_NS 2000000 /* peer liveness at most this often */
#define HOT_NS         20000000 /* callers read the ring this long after a sync call began */
#define PARK_NS         1000000 /* meanwhile the receiving thread looks this often */

/* ---- Replies ---- */

#define REPLY_INLINE 2048 /* responses up to this size need no malloc */

struct sm_rpc_reply {
	sm_rpc *rpc;
	void   *data;   /* the response: `small` or malloc'ed */
	size_t  len;
	int     lib_error; /* sm_rpc_reply_buffer/set failed: the library's error */
	bool    has_text;
	char    text[SM_RPC_ERROR_TEXT_MAX];
	/* The reply lives on run_handler()'s stack, for one handler call. */
	_Alignas(max_align_t) unsigned char small[REPLY_INLINE];
};

static void reply_drop(struct sm_rpc_reply *reply)
{
	if (reply->data != reply->small)
		free(reply->data);
	reply->data = NULL;
	reply->len = 0;
}

int sm_rpc_reply_set(struct sm_rpc_reply *reply, const void *data, size_t len)
{
	if (!reply || (len && !data))
		return -EINVAL;
	void *buf = sm_rpc_reply_buffer(reply, len);
	if (!buf && len)
		return reply->lib_error;
	if (len)
		memcpy(buf, data, len);
	return 0;
}

void *sm_rpc_reply_buffer(struct sm_rpc_reply *reply, size_t len)
{
	if (!reply)
		return NULL;
	reply_drop(reply);
	reply->lib_error = 0;
	if (len > reply->rpc->max_message) {
		reply->lib_error = -EMSGSIZE;
		return NULL;
	}
	reply->data = len <= sizeof(reply->small) ? reply->small : malloc(len);
	if (!reply->data) {
		reply->lib_error = -ENOMEM;
		return NULL;
	}
	reply->len = len;
	return reply->data;
}

int sm_rpc_reply_error(struct sm_rpc_reply *reply, int code, const char *fmt, ...)
{
	if (code >= 0)
		code = -EIO;
	if (!reply)
		return code;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(reply->text, sizeof(reply->text), fmt, ap);
		va_end(ap);
		reply->has_text = true;
	}
	return code;
}

/* Error reply to request `call_id` of connection `epoch`. */
static void send_error(sm_rpc *rpc, uint32_t epoch, uint64_t call_id, int code, bool library,
		       const char *text)
{
	struct smi_deadline dl = smi_deadline_from_ms(-1); /* bounded by peer checks */
	size_t n = strnlen(text, SM_RPC_ERROR_TEXT_MAX - 1);
	smi_rpc_send(rpc, epoch, SMI_PKT_ERROR, library ? SMI_PKT_FLAG_LIBRARY : 0, code, call_id,
		     text, n, &dl);
}

/* Run the handler for one request and send its reply; frees msg->data. */
static void run_handler(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	pthread_mutex_lock(&rpc->handler_lock);
	sm_rpc_handler_fn fn = rpc->handler;
	void *user = rpc->handler_user;
	pthread_mutex_unlock(&rpc->handler_lock);

	if (!fn) {
		send_error(rpc, msg->epoch, msg->call_id, -SM_ENOHANDLER, true, "no handler registered");
		free(msg->data);
		return;
	}
	struct sm_rpc_reply reply;
	reply.rpc = rpc; /* not zeroed whole: `small` is written as used */
	reply.data = NULL;
	reply.len = 0;
	reply.lib_error = 0;
	reply.has_text = false;
	struct sm_rpc_request req = { rpc, msg->call_id, msg->data, msg->len };
	int rc = fn(user, &req, &reply);
	free(msg->data);
	msg->data = NULL;
	if (rc < 0) {
		send_error(rpc, msg->epoch, msg->call_id, rc, false, reply.has_text ? reply.text : sm_strerror(rc));
	} else if (reply.lib_error) {
		send_error(rpc, msg->epoch, msg->call_id, reply.lib_error, true,
			   reply.lib_error == -EMSGSIZE ? "response larger than the channel's maximum"
							: "out of memory for the response");
	} else {
		struct smi_deadline dl = smi_deadline_from_ms(-1);
		int err = smi_rpc_send(rpc, msg->epoch, SMI_PKT_RESPONSE, 0, 0, msg->call_id,
				       reply.data, reply.len, &dl);
		if (err == -EMSGSIZE)
			send_error(rpc, msg->epoch, msg->call_id, -EMSGSIZE, true, "response too large");
	}
	reply_drop(&reply);
}

/* ---- Worker pool ---- */

struct smi_rpc_work {
	struct smi_rpc_work *next;
	struct smi_rpc_msg msg;
};

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
		struct smi_rpc_work *w = rpc->work_head;
		rpc->work_head = w->next;
		if (!rpc->work_head)
			rpc->work_tail = NULL;
		pthread_mutex_unlock(&rpc->work_lock);
		run_handler(rpc, &w->msg);
		free(w);
		pthread_mutex_lock(&rpc->work_lock);
	}
	pthread_mutex_unlock(&rpc->work_lock);
	return NULL;
}

bool smi_rpc_help_one(sm_rpc *rpc)
{
	pthread_mutex_lock(&rpc->work_lock);
	struct smi_rpc_work *w = rpc->work_head;
	if (w) {
		rpc->work_head = w->next;
		if (!rpc->work_head)
			rpc->work_tail = NULL;
	}
	pthread_mutex_unlock(&rpc->work_lock);
	if (!w)
		return false;
	run_handler(rpc, &w->msg);
	free(w);
	return true;
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
	if (!queue_msg(rpc, &rpc->work_head, &rpc->work_tail, msg)) {
		send_error(rpc, msg->epoch, msg->call_id, -ENOMEM, true, "out of memory queueing the request");
		free(msg->data);
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
			run_handler(rpc, msg);
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
		send_error(rpc, lost->epoch, lost->call_id, -EPROTO, true, "request arrived as an inconsistent packet sequence");
}

/* The connection whose packets are taken in now; 0 (no epoch is 0) while
 * no client is connected: what a client that closed left in the ring is
 * not run. */
static uint32_t rx_epoch(sm_rpc *rpc)
{
	if (!rpc->server)
		return rpc->epoch;
	/* Acquire pairs with the client's release of client_state after it
	 * bumped the epoch. */
	if (__atomic_load_n(&rpc->sh->conn.client_state, __ATOMIC_ACQUIRE) != SMI_CLIENT_CONNECTED)
		return 0;
	return __atomic_load_n(&rpc->sh->conn.epoch, __ATOMIC_RELAXED);
}

static void ring_shut(sm_rpc *rpc)
{
	/* Readers on several threads may see the shutdown: one acts on it. */
	if (rpc->server || __atomic_exchange_n(&rpc->ring_shutdown, true, __ATOMIC_RELAXED))
		return;
	atomic_store(&rpc->peer_error, -SM_ESHUTDOWN);
	smi_rpc_calls_fail_all(rpc, -SM_ESHUTDOWN, false, 0);
}

/* What take_packet() brought. */
enum take { TAKE_NONE, TAKE_PACKET, TAKE_MSG, TAKE_PROTO, TAKE_SHUT };

/* Take in at most one packet; the reader role is held.  TAKE_MSG: *msg is
 * a complete message; TAKE_PROTO: *msg names the message lost.  `now`
 * (may be NULL): in, the time a moment ago (0: unknown); out, the time
 * after a wait (unchanged when none was needed). */
static enum take take_packet(sm_rpc *rpc, int64_t timeout_ns, struct smi_rpc_msg *msg,
			     uint64_t *now)
{
	struct sm_ring_slot slot;
	int ms = timeout_ns <= 0 ? 0 : (int)((timeout_ns + 999999) / 1000000);
	/* A packet already there needs no clock read (the wait statistic
	 * counts only real waits). */
	int err = sm_ring_peek(rpc->rx, &slot, 0);
	uint64_t t1 = 0;
	if (err == -ETIMEDOUT && ms) {
		uint64_t t0 = now && *now ? *now : smi_now_ns();
		err = sm_ring_peek(rpc->rx, &slot, ms);
		t1 = smi_now_ns();
		if (now)
			*now = t1;
		if (!err)
			smi_stat_max(&rpc->mine->max_wait_read_ns, (int64_t)(t1 - t0));
	}
	if (err == -SM_ESHUTDOWN)
		return TAKE_SHUT;
	if (err)
		return TAKE_NONE;

	size_t n = slot.length;
	struct smi_rpc_packet h = { 0 };
	if (n >= sizeof(h))
		memcpy(&h, slot.data, sizeof(h));
	if (n >= sizeof(h) && h.epoch != rx_epoch(rpc)) {
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
	else if (t == TAKE_PROTO)
		protocol_error(rpc, msg);
	else if (t == TAKE_MSG)
		handle_msg(rpc, msg);
	return t != TAKE_NONE && t != TAKE_SHUT;
}

static int poll_at(sm_rpc *rpc, int64_t timeout_ns, uint64_t *now)
{
	if (!smi_rpc_try_lead(rpc))
		return 0;
	struct smi_rpc_msg msg;
	enum take t = take_packet(rpc, timeout_ns, &msg, now);
	smi_rpc_unlead(rpc);
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
	if (!queue_msg(rpc, &rpc->defer_head, &rpc->defer_tail, msg)) {
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
	enum take t = take_packet(rpc, timeout_ns, &msg, now);
	smi_rpc_unlead(rpc);
	if (t == TAKE_MSG) {
		caller_took(rpc, &msg);
		return 1;
	}
	return took(rpc, t, &msg);
}

/* ---- The peer ---- */

/* Alive, and not a zombie: a killed peer whose parent has not reaped it
 * yet cannot answer either. */
static int peer_alive(int32_t pid, uint64_t start)
{
	if (!smi_proc_alive(pid, start))
		return 0;
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 1; /* /proc hidden: trust smi_proc_alive() */
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')'); /* state follows the command name */
	return !(p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X'));
}

static void server_check(sm_rpc *rpc)
{
	struct smi_rpc_conn *c = &rpc->sh->conn;
	/* Acquire pairs with the client's release store of client_state. */
	uint32_t state = __atomic_load_n(&c->client_state, __ATOMIC_ACQUIRE);
	uint32_t epoch = __atomic_load_n(&c->epoch, __ATOMIC_RELAXED);
	if (rpc->peer_up && (state != SMI_CLIENT_CONNECTED || epoch != rpc->epoch)) {
		/* The client we knew closed (a dead one is handled below). */
		rpc->peer_up = false;
		smi_rpc_calls_fail_all(rpc, -SM_ENOPEER, true, rpc->epoch);
	}
	if (state == SMI_CLIENT_FREE)
		return;
	int32_t pid = __atomic_load_n(&c->client_pid, __ATOMIC_RELAXED);
	uint64_t start = state == SMI_CLIENT_CONNECTED ?
		__atomic_load_n(&c->client_start_time, __ATOMIC_RELAXED) : 0;
	if (state == SMI_CLIENT_CONNECTED && !rpc->peer_up) {
		rpc->epoch = epoch;
		rpc->peer_up = true;
		atomic_store(&rpc->peer_error, 0);
	}
	if (pid <= 0 || peer_alive(pid, start))
		return;
	/* The client died: new calls fail from now on (peer_error is seen
	 * before the slot state), the slot is freed, then what was sent to it
	 * fails. */
	atomic_store(&rpc->peer_error, -SM_EPEERDEAD);
	if (__atomic_compare_exchange_n(&c->client_state, &state, SMI_CLIENT_FREE, false,
					__ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
		int32_t expect = pid;
		/* Release: a client that claims the slot sees it FREE. */
		__atomic_compare_exchange_n(&c->client_pid, &expect, 0, false, __ATOMIC_RELEASE,
					    __ATOMIC_RELAXED);
		__atomic_fetch_add(&c->conn_seq, 1, __ATOMIC_RELEASE);
		smi_futex_wake(&c->conn_seq, INT32_MAX);
	}
	if (rpc->peer_up) {
		rpc->peer_up = false;
		smi_rpc_calls_fail_all(rpc, -SM_EPEERDEAD, true, epoch);
	}
}

/* Calls to a client that is no longer the connected one cannot be
 * answered: fail them, also when that client came and went between two
 * checks (never seen by server_check()). */
static void server_sweep(sm_rpc *rpc)
{
	if (!__atomic_load_n(&rpc->calls.count, __ATOMIC_RELAXED)) /* a hint */
		return;
	struct smi_rpc_conn *c = &rpc->sh->conn;
	/* Acquire pairs with the client's release store of client_state. */
	uint32_t state = __atomic_load_n(&c->client_state, __ATOMIC_ACQUIRE);
	uint32_t epoch = __atomic_load_n(&c->epoch, __ATOMIC_RELAXED);
	smi_rpc_calls_fail_others(rpc, -SM_ENOPEER, state == SMI_CLIENT_CONNECTED ? epoch : 0);
}

static void client_check(sm_rpc *rpc)
{
	int err = 0;
	if (sm_segment_is_shutdown(rpc->seg))
		err = -SM_ESHUTDOWN;
	else {
		const struct sm_header *h = sm_segment_header(rpc->seg);
		if (!peer_alive(h->creator_pid, h->creator_start_time))
			err = -SM_EPEERDEAD;
	}
	if (!err)
		return;
	int expect = 0;
	atomic_compare_exchange_strong(&rpc->peer_error, &expect, err);
	smi_rpc_calls_fail_all(rpc, atomic_load(&rpc->peer_error), false, 0);
}

/* The channel whose peer this thread is checking: a completion run by
 * that check may call again, and must not wait for itself. */
static _Thread_local sm_rpc *checking;

static void check_peer(sm_rpc *rpc, bool force, uint64_t now)
{
	if (!force && now - atomic_load_explicit(&rpc->last_check_ns, memory_order_relaxed) < CHECK_EVERY_NS)
		return;
	/* A forced check waits for one in progress elsewhere: that one may
	 * have read the connection before a new client came, and returning
	 * before it ends would act on its stale verdict. */
	if (force && checking != rpc)
		pthread_mutex_lock(&rpc->peer_lock);
	else if (pthread_mutex_trylock(&rpc->peer_lock) != 0)
		return;
	sm_rpc *outer = checking;
	checking = rpc;
	atomic_store_explicit(&rpc->last_check_ns, now, memory_order_relaxed);
	if (rpc->server) {
		server_check(rpc);
		server_sweep(rpc);
	} else
		client_check(rpc);
	checking = outer;
	pthread_mutex_unlock(&rpc->peer_lock);
}

void smi_rpc_check_peer(sm_rpc *rpc, bool force)
{
	check_peer(rpc, force, smi_now_ns());
}

void smi_rpc_check_peer_at(sm_rpc *rpc, uint64_t now)
{
	check_peer(rpc, false, now);
}

int smi_rpc_peer_status(sm_rpc *rpc)
{
	if (atomic_load_explicit(&rpc->stop, memory_order_relaxed))
		return -SM_ESHUTDOWN;
	if (rpc->server) {
		/* A client found dead stays an error until the next one is seen
		 * (server_check() clears it). */
		int err = atomic_load(&rpc->peer_error);
		if (err)
			return err;
		uint32_t state = __atomic_load_n(&rpc->sh->conn.client_state, __ATOMIC_ACQUIRE);
		return state == SMI_CLIENT_CONNECTED ? 0 : -SM_ENOPEER;
	}
	int err = atomic_load(&rpc->peer_error);
	if (err)
		return err;
	if (sm_segment_is_shutdown(rpc->seg))
		return -SM_ESHUTDOWN;
	return 0;
}

/* ---- Threads ---- */

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
			if (!got && !calls_hot(rpc))
				poll_at(rpc, IDLE_SLICE_NS, &now);
		}
		if (now)
			smi_rpc_check_peer_at(rpc, now);
		else
			smi_rpc_check_peer(rpc, false);
		if (__atomic_load_n(&rpc->calls.count, __ATOMIC_RELAXED)) /* a hint; expire locks */
			smi_rpc_calls_expire(rpc);
	}
	smi_rpc_run_deferred(rpc);
	return NULL;
}

int smi_rpc_threads_start(sm_rpc *rpc, uint32_t workers)
{
	pthread_mutex_init(&rpc->work_lock, NULL);
	pthread_cond_init(&rpc->work_cond, NULL);
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

/* Drop what a queue still holds (the threads are gone). */
static void free_queue(struct smi_rpc_work **head, struct smi_rpc_work **tail)
{
	while (*head) {
		struct smi_rpc_work *w = *head;
		*head = w->next;
		free(w->msg.data);
		free(w);
	}
	*tail = NULL;
}

void smi_rpc_threads_stop(sm_rpc *rpc)
{
	atomic_store_explicit(&rpc->stop, true, memory_order_release);
	smi_rpc_ring_bell(rpc);
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
	free_queue(&rpc->work_head, &rpc->work_tail);
	free_queue(&rpc->defer_head, &rpc->defer_tail);
	pthread_cond_destroy(&rpc->work_cond);
	pthread_mutex_destroy(&rpc->work_lock);
}
