/* rpc_calls.c — the table of pending calls and how a call ends.
 *
 * A call is finished exactly once: whoever moves it from PENDING to DONE
 * under the table lock (response, error reply, timeout, cancel, peer loss,
 * close) fills its result.  An async call is then removed and its
 * completion runs outside the lock; a sync call stays in the table until
 * its waiter takes the result.  A response for a call that is no longer
 * pending is discarded and counted. */
#include "rpc_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local sm_rpc *smi_rpc_current;
_Thread_local sm_rpc *smi_rpc_receiver;

void smi_rpc_calls_init(struct smi_rpc_calls *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->next_id = 1;
}

void smi_rpc_calls_destroy(struct smi_rpc_calls *c)
{
	for (unsigned b = 0; b < SMI_CALL_BUCKETS; b++) {
		struct smi_rpc_call *call = c->bucket[b], *next;
		for (; call; call = next) {
			next = call->next;
			free(call->res.data);
			if (!call->on_stack)
				free(call);
		}
		c->bucket[b] = NULL;
	}
	pthread_mutex_destroy(&c->lock);
}

static struct smi_rpc_call **slot_of(struct smi_rpc_calls *c, uint64_t id)
{
	struct smi_rpc_call **p = &c->bucket[id % SMI_CALL_BUCKETS];
	while (*p && (*p)->id != id)
		p = &(*p)->next;
	return p;
}

struct smi_rpc_call *smi_rpc_call_new(sm_rpc *rpc, uint32_t epoch, uint64_t now, int timeout_ms,
				      sm_rpc_done_fn fn, void *user, bool waited,
				      struct smi_rpc_call *mem, uint64_t *id)
{
	struct smi_rpc_call *call = mem;
	if (call) {
		/* the result's message text is written only with an error */
		memset(call, 0, offsetof(struct smi_rpc_call, res.message));
		call->res.message[0] = '\0';
		call->on_stack = true;
	} else if (!(call = calloc(1, sizeof(*call)))) {
		return NULL;
	}
	call->deadline = smi_rpc_deadline_at(now, timeout_ms);
	call->start_ns = now;
	call->done_fn = fn;
	call->user = user;
	call->waited = waited;
	call->on_rx = smi_rpc_receiver == rpc;
	call->epoch = epoch;
	pthread_mutex_lock(&rpc->calls.lock);
	call->id = rpc->calls.next_id++;
	call->res.call_id = call->id;
	*id = call->id; /* read under the lock: once inserted, an async call
			 * may finish and be freed by another thread */
	struct smi_rpc_call **p = &rpc->calls.bucket[call->id % SMI_CALL_BUCKETS];
	call->next = *p;
	*p = call;
	__atomic_fetch_add(&rpc->calls.count, 1, __ATOMIC_RELAXED); /* read unlocked by rx_main */
	pthread_mutex_unlock(&rpc->calls.lock);
	smi_stat_add(&rpc->mine->calls_started, 1);
	smi_stat_add(&rpc->mine->in_flight, 1);
	return call;
}

static void unlink_locked(sm_rpc *rpc, struct smi_rpc_call *call)
{
	struct smi_rpc_call **p = slot_of(&rpc->calls, call->id);
	if (*p == call) {
		*p = call->next;
		__atomic_fetch_sub(&rpc->calls.count, 1, __ATOMIC_RELAXED);
	}
}

enum smi_withdrawn smi_rpc_call_withdraw(sm_rpc *rpc, uint64_t id)
{
	pthread_mutex_lock(&rpc->calls.lock);
	struct smi_rpc_call *call = *slot_of(&rpc->calls, id);
	if (!call || (call->state != SMI_CALL_PENDING && !call->waited)) {
		/* an async call already finished: its completion runs */
		pthread_mutex_unlock(&rpc->calls.lock);
		return SMI_WITHDRAWN_NONE;
	}
	bool pending = call->state == SMI_CALL_PENDING;
	unlink_locked(rpc, call);
	pthread_mutex_unlock(&rpc->calls.lock);
	if (pending) /* a finished one was accounted when it finished */
		smi_stat_add(&rpc->mine->in_flight, (uint64_t)-1);
	free(call->res.data);
	call->res.data = NULL;
	if (!call->on_stack)
		free(call);
	return pending ? SMI_WITHDRAWN_PENDING : SMI_WITHDRAWN_FINISHED;
}

/* Account for the end of a call (called once per call). */
static void account(sm_rpc *rpc, struct smi_rpc_call *call, int status)
{
	struct sm_rpc_side_stats *s = rpc->mine;
	smi_stat_add(&s->in_flight, (uint64_t)-1);
	if (status == 0) {
		smi_stat_add(&s->calls_completed, 1);
		smi_stat_latency(s, call->res.latency_ns);
	} else if (status == -ETIMEDOUT) {
		smi_stat_add(&s->timeouts, 1);
		smi_stat_set(&s->last_timeout_ns, (int64_t)smi_realtime_ns());
	} else if (status == -ECANCELED) {
		smi_stat_add(&s->cancelled, 1);
	} else {
		smi_stat_add(&s->call_errors, 1); /* -SM_EPEERDEAD too: peer_deaths counts deaths (rpc_peer.c) */
	}
}

/* Fill the result of a call being finished. */
static void set_result(struct smi_rpc_call *call, int status, struct smi_rpc_msg *msg)
{
	struct sm_rpc_result *r = &call->res;
	r->status = status;
	/* The time the reply arrived when the reader waited for it (it was
	 * read after the call started: t1 > start_ns), else now. */
	uint64_t end = msg && msg->received_ns ? msg->received_ns : smi_now_ns();
	r->latency_ns = end - call->start_ns;
	if (!msg)
		return;
	if (status == 0) {
		r->data = msg->data;
		r->len = msg->len;
		msg->data = NULL;
	} else if (msg->type == SMI_PKT_ERROR) {
		size_t n = msg->len < sizeof(r->message) - 1 ? msg->len : sizeof(r->message) - 1;
		if (n)
			memcpy(r->message, msg->data, n);
		r->message[n] = '\0';
		if (status == -SM_EREMOTE)
			r->remote_code = msg->status;
	}
}

/* Hand a finished call to its owner.  A sync call's waiter is woken with
 * the table lock held: it frees the call only after taking it out of the
 * table under that lock, so the call is still there to be touched.  An
 * async call (out of the table) has its completion run, without the lock. */
static void deliver_locked(sm_rpc *rpc, struct smi_rpc_call *call)
{
	account(rpc, call, call->res.status);
	/* Release pairs with the waiter's acquire load of `done`; seq_cst
	 * with the load of `following`, against the follower's store of it
	 * before its futex wait (rpc_wait.c): either we see it asleep (or
	 * going to sleep) and wake it, or its futex wait sees `done`
	 * changed.  A waiter reading the ring itself needs no system call. */
	__atomic_store_n(&call->done, SMI_DONE_FINISHED, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&call->following, __ATOMIC_SEQ_CST))
		smi_futex_wake(&call->done, 1);
	if (call->on_rx)
		smi_rpc_ring_bell(rpc);
}

/* Run a finished async call's completion (it is out of the table). */
static void complete(struct smi_rpc_call *call)
{
	if (call->done_fn)
		call->done_fn(call->user, &call->res);
	free(call->res.data);
	free(call);
}

/* Give finished async calls (a list through `next`) to the receiving
 * thread and wake it. */
static void hand_off(sm_rpc *rpc, struct smi_rpc_call *list)
{
	struct smi_rpc_call *last = list;
	while (last->next)
		last = last->next;
	pthread_mutex_lock(&rpc->calls.lock);
	if (rpc->calls.handed_tail)
		rpc->calls.handed_tail->next = list;
	else /* release pairs with smi_rpc_run_handed()'s unlocked peek */
		__atomic_store_n(&rpc->calls.handed_head, list, __ATOMIC_RELEASE);
	rpc->calls.handed_tail = last;
	pthread_mutex_unlock(&rpc->calls.lock);
	smi_rpc_ring_bell(rpc);
}

static void complete_list(struct smi_rpc_call *list)
{
	while (list) {
		struct smi_rpc_call *next = list->next;
		complete(list);
		list = next;
	}
}

/* Account for finished async calls (a list through `next`) and run their
 * completions on this thread if it is the receiving thread or `here`
 * (cancel, close); else hand them to the receiving thread, so that no
 * completion runs inside a call the user made on another thread (rpc.h).
 * Nor inside a peer check (it holds peer_lock: a call the completion made
 * could not see the peer die, and forced checks elsewhere would wait for
 * it): the receiving thread runs them once the check is over. */
static void deliver_async(sm_rpc *rpc, struct smi_rpc_call *list, bool here)
{
	for (struct smi_rpc_call *call = list; call; call = call->next)
		account(rpc, call, call->res.status);
	if (here || (smi_rpc_receiver == rpc && smi_rpc_checking != rpc))
		complete_list(list);
	else
		hand_off(rpc, list);
}

void smi_rpc_run_handed(sm_rpc *rpc)
{
	/* Acquire pairs with the release store in hand_off(). */
	if (!__atomic_load_n(&rpc->calls.handed_head, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&rpc->calls.lock);
	struct smi_rpc_call *list = rpc->calls.handed_head;
	__atomic_store_n(&rpc->calls.handed_head, NULL, __ATOMIC_RELAXED);
	rpc->calls.handed_tail = NULL;
	pthread_mutex_unlock(&rpc->calls.lock);
	complete_list(list);
}

/* Finish (see smi_rpc_call_finish); `waited_only`: leave an async call
 * alone and return -1; `here`: run an async completion on this thread. */
static int finish(sm_rpc *rpc, uint64_t id, int status, struct smi_rpc_msg *msg, bool waited_only,
		  bool here)
{
	pthread_mutex_lock(&rpc->calls.lock);
	struct smi_rpc_call *call = *slot_of(&rpc->calls, id);
	if (waited_only && call && !call->waited) {
		pthread_mutex_unlock(&rpc->calls.lock);
		return -1;
	}
	if (!call || call->state != SMI_CALL_PENDING) {
		pthread_mutex_unlock(&rpc->calls.lock);
		if (msg) {
			free(msg->data);
			msg->data = NULL;
		}
		return 0;
	}
	call->state = SMI_CALL_DONE;
	set_result(call, status, msg);
	bool waited = call->waited;
	if (waited)
		deliver_locked(rpc, call);
	else
		unlink_locked(rpc, call);
	pthread_mutex_unlock(&rpc->calls.lock);
	if (msg) {
		free(msg->data);
		msg->data = NULL;
	}
	if (!waited) {
		call->next = NULL;
		deliver_async(rpc, call, here);
	}
	return 1;
}

bool smi_rpc_call_finish(sm_rpc *rpc, uint64_t id, int status, struct smi_rpc_msg *msg)
{
	return finish(rpc, id, status, msg, false, false) > 0;
}

bool smi_rpc_call_cancel(sm_rpc *rpc, uint64_t id)
{
	return finish(rpc, id, -ECANCELED, NULL, false, true) > 0;
}

int smi_rpc_call_finish_waited(sm_rpc *rpc, uint64_t id, int status, struct smi_rpc_msg *msg)
{
	return finish(rpc, id, status, msg, true, false);
}

/* Collect pending calls matching `pred` as finished with `status`, then
 * deliver the async ones outside the lock (on the receiving thread). */
static void finish_matching(sm_rpc *rpc, int status, bool (*pred)(struct smi_rpc_call *, void *),
			    void *arg)
{
	struct smi_rpc_call *list = NULL;
	pthread_mutex_lock(&rpc->calls.lock);
	for (unsigned b = 0; b < SMI_CALL_BUCKETS; b++) {
		struct smi_rpc_call **p = &rpc->calls.bucket[b];
		while (*p) {
			struct smi_rpc_call *call = *p;
			if (call->state != SMI_CALL_PENDING || !pred(call, arg)) {
				p = &call->next;
				continue;
			}
			call->state = SMI_CALL_DONE;
			set_result(call, status, NULL);
			if (call->waited) {
				/* stays in the table for its waiter */
				deliver_locked(rpc, call);
				p = &call->next;
				continue;
			}
			*p = call->next;
			__atomic_fetch_sub(&rpc->calls.count, 1, __ATOMIC_RELAXED);
			call->next = list;
			list = call;
		}
	}
	pthread_mutex_unlock(&rpc->calls.lock);
	if (list)
		deliver_async(rpc, list, false);
}

struct epoch_arg { bool only; uint32_t epoch; };

static bool match_epoch(struct smi_rpc_call *call, void *arg)
{
	struct epoch_arg *a = arg;
	return !a->only || call->epoch == a->epoch;
}

static bool match_other_epoch(struct smi_rpc_call *call, void *arg)
{
	return call->epoch != *(const uint32_t *)arg;
}

void smi_rpc_calls_fail_others(sm_rpc *rpc, int status, uint32_t epoch)
{
	finish_matching(rpc, status, match_other_epoch, &epoch);
}

bool smi_rpc_calls_any_other(sm_rpc *rpc, uint32_t epoch)
{
	bool any = false;
	pthread_mutex_lock(&rpc->calls.lock);
	for (unsigned b = 0; b < SMI_CALL_BUCKETS && !any; b++)
		for (struct smi_rpc_call *call = rpc->calls.bucket[b]; call && !any; call = call->next)
			any = call->state == SMI_CALL_PENDING && match_other_epoch(call, &epoch);
	pthread_mutex_unlock(&rpc->calls.lock);
	return any;
}

bool smi_rpc_call_pending_to(sm_rpc *rpc, uint64_t id, uint32_t epoch)
{
	pthread_mutex_lock(&rpc->calls.lock);
	struct smi_rpc_call *call = *slot_of(&rpc->calls, id);
	bool pending = call && call->state == SMI_CALL_PENDING && call->epoch == epoch;
	pthread_mutex_unlock(&rpc->calls.lock);
	return pending;
}

void smi_rpc_calls_fail_all(sm_rpc *rpc, int status, bool epoch_only, uint32_t epoch)
{
	struct epoch_arg a = { epoch_only, epoch };
	finish_matching(rpc, status, match_epoch, &a);
}

static bool match_expired(struct smi_rpc_call *call, void *arg)
{
	(void)arg;
	return !call->waited && smi_deadline_passed(&call->deadline);
}

void smi_rpc_complete_due(sm_rpc *rpc)
{
	smi_rpc_run_handed(rpc);
	if (__atomic_load_n(&rpc->calls.count, __ATOMIC_RELAXED)) /* a hint; expiring locks */
		finish_matching(rpc, -ETIMEDOUT, match_expired, NULL);
}

void smi_rpc_kick_follower(sm_rpc *rpc)
{
	pthread_mutex_lock(&rpc->calls.lock);
	for (unsigned b = 0; b < SMI_CALL_BUCKETS; b++)
		for (struct smi_rpc_call *call = rpc->calls.bucket[b]; call; call = call->next) {
			uint32_t expect = SMI_DONE_PENDING;
			if (!call->waited || call->state != SMI_CALL_PENDING ||
			    !__atomic_load_n(&call->following, __ATOMIC_ACQUIRE) ||
			    !__atomic_compare_exchange_n(&call->done, &expect, SMI_DONE_KICKED, false,
							 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
				continue;
			/* The waiter frees the call only after taking it out of
			 * the table under this lock: still valid here. */
			smi_futex_wake(&call->done, 1);
			pthread_mutex_unlock(&rpc->calls.lock);
			return;
		}
	pthread_mutex_unlock(&rpc->calls.lock);
}

struct smi_rpc_call *smi_rpc_call_lookup_waited(sm_rpc *rpc, uint64_t id)
{
	pthread_mutex_lock(&rpc->calls.lock);
	struct smi_rpc_call *call = *slot_of(&rpc->calls, id);
	if (call && !call->waited)
		call = NULL;
	pthread_mutex_unlock(&rpc->calls.lock);
	return call;
}

int smi_rpc_call_await(sm_rpc *rpc, struct smi_rpc_call *call, struct sm_rpc_result *res)
{
	smi_rpc_wait_done(rpc, call);
	pthread_mutex_lock(&rpc->calls.lock);
	bool timed_out = call->state == SMI_CALL_PENDING;
	if (timed_out) {
		call->state = SMI_CALL_DONE;
		set_result(call, -ETIMEDOUT, NULL);
	}
	unlink_locked(rpc, call);
	pthread_mutex_unlock(&rpc->calls.lock);
	if (timed_out)
		account(rpc, call, -ETIMEDOUT);
	int status = call->res.status;
	if (res) {
		/* The text up to its end only: the rest of a call on its
		 * waiter's stack was never written (the caller zeroed *res). */
		memcpy(res, &call->res, offsetof(struct sm_rpc_result, message));
		size_t n = strnlen(call->res.message, sizeof(res->message) - 1);
		memcpy(res->message, call->res.message, n);
		res->message[n] = '\0';
	} else {
		free(call->res.data);
	}
	if (!call->on_stack)
		free(call);
	return status;
}

/* ---- Public call API ---- */

/* Account for a call whose request could not be sent. */
static void count_unsent(sm_rpc *rpc, int err)
{
	if (err == -ETIMEDOUT) {
		smi_stat_add(&rpc->mine->timeouts, 1);
		smi_stat_set(&rpc->mine->last_timeout_ns, (int64_t)smi_realtime_ns());
	} else {
		smi_stat_add(&rpc->mine->call_errors, 1);
	}
}

/* Account for a call refused before it was made (nothing sent, no id):
 * started and failed, as one whose request could not be written, so that
 * monitors see calls failing this way too.  Returns err. */
static int refuse(sm_rpc *rpc, int err)
{
	smi_stat_add(&rpc->mine->calls_started, 1);
	count_unsent(rpc, err);
	return err;
}

/* Why a call on a valid handle cannot be made now (0: it can). */
static int refusal(sm_rpc *rpc, size_t len)
{
	if (len > rpc->max_message)
		return -EMSGSIZE;
	if (atomic_load(&rpc->stop))
		return -SM_ESHUTDOWN;
	return smi_rpc_peer_status_now(rpc);
}

static int start_call(sm_rpc *rpc, const void *req, size_t len, int timeout_ms,
		      sm_rpc_done_fn fn, void *user, bool waited, struct smi_rpc_call *mem,
		      struct smi_rpc_call **out, uint64_t *id_out)
{
	if (!rpc || (len && !req))
		return -EINVAL; /* no call at all: not counted */
	int err = refusal(rpc, len);
	if (err)
		return refuse(rpc, err);
	/* From its insertion an async call may finish (response, expiry,
	 * cancel) and be freed on another thread: only `id` is used. */
	uint64_t now = smi_now_ns();
	struct smi_deadline dl = smi_rpc_deadline_at(now, timeout_ms);
	/* The connection the request goes to: the client's own; for the
	 * server, its client now (acquire pairs with the client's release of
	 * the claim word on connect). */
	uint32_t epoch = rpc->server ? __atomic_load_n(&rpc->sh->conn.epoch, __ATOMIC_ACQUIRE)
				     : rpc->epoch;
	uint64_t id;
	struct smi_rpc_call *call = smi_rpc_call_new(rpc, epoch, now, timeout_ms, fn, user, waited, mem, &id);
	if (!call)
		return refuse(rpc, -ENOMEM);
	if (id_out)
		*id_out = id;
	/* Sending gets at least a try even with timeout 0 (fire and forget). */
	if (out)
		*out = call; /* sync calls live until their waiter frees them */
	err = smi_rpc_send(rpc, epoch, SMI_PKT_REQUEST, 0, 0, id, req, len, &dl);
	if (err) {
		enum smi_withdrawn w = smi_rpc_call_withdraw(rpc, id);
		if (w == SMI_WITHDRAWN_NONE)
			return 0; /* finished meanwhile: its completion runs */
		/* One that finished meanwhile (the peer died while its request
		 * was being sent) was accounted when it finished. */
		if (w == SMI_WITHDRAWN_PENDING)
			count_unsent(rpc, err);
		return err;
	}
	return 0;
}

int sm_rpc_call(sm_rpc *rpc, const void *req, size_t len, struct sm_rpc_result *res,
		int timeout_ms)
{
	/* The call lives on this stack: this thread takes it out of the
	 * table before it returns (smi_rpc_call_await, or withdrawn). */
	struct smi_rpc_call mem, *call = NULL;
	if (res)
		memset(res, 0, sizeof(*res));
	int err = start_call(rpc, req, len, timeout_ms, NULL, NULL, true, &mem, &call, NULL);
	if (err) {
		if (res)
			res->status = err;
		return err;
	}
	return smi_rpc_call_await(rpc, call, res);
}

int sm_rpc_call_async(sm_rpc *rpc, const void *req, size_t len, int timeout_ms,
		      sm_rpc_done_fn done, void *user, uint64_t *call_id)
{
	if (!done)
		return -EINVAL;
	return start_call(rpc, req, len, timeout_ms, done, user, false, NULL, NULL, call_id);
}

int sm_rpc_call_start(sm_rpc *rpc, const void *req, size_t len, int timeout_ms,
		      uint64_t *call_id)
{
	struct smi_rpc_call *call = NULL;
	if (!call_id)
		return -EINVAL;
	return start_call(rpc, req, len, timeout_ms, NULL, NULL, true, NULL, &call, call_id);
}

int sm_rpc_call_wait(sm_rpc *rpc, uint64_t call_id, struct sm_rpc_result *res)
{
	if (res)
		memset(res, 0, sizeof(*res));
	if (!rpc) {
		if (res)
			res->status = -EINVAL;
		return -EINVAL;
	}
	struct smi_rpc_call *call = smi_rpc_call_lookup_waited(rpc, call_id);
	if (!call) {
		if (res)
			res->status = -ENOENT;
		return -ENOENT;
	}
	return smi_rpc_call_await(rpc, call, res);
}

int sm_rpc_cancel(sm_rpc *rpc, uint64_t call_id)
{
	if (!rpc)
		return -EINVAL;
	return smi_rpc_call_cancel(rpc, call_id) ? 0 : -ENOENT;
}

void sm_rpc_result_free(struct sm_rpc_result *res)
{
	if (!res)
		return;
	free(res->data);
	res->data = NULL;
	res->len = 0;
}
