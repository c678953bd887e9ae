/* rpc_peer.c — watching the other side: is its process alive, did it
 * leave; pending calls fail fast when it is gone. */
#include "rpc_internal.h"

#define CHECK_EVERY_NS 2000000 /* peer liveness at most this often */

bool smi_rpc_slot_holder_alive(const struct smi_rpc_conn *c, union smi_rpc_slot s)
{
	uint64_t start = s.state != SMI_CLIENT_FREE ?
		__atomic_load_n(&c->client_start_time, __ATOMIC_RELAXED) : 0;
	return smi_proc_alive(s.pid, start);
}

static void server_check(sm_rpc *rpc)
{
	struct smi_rpc_conn *c = &rpc->sh->conn;
	/* Acquire pairs with the client's release of the claim word. */
	union smi_rpc_slot slot = smi_rpc_slot_load(c);
	uint32_t state = slot.state;
	uint32_t epoch = __atomic_load_n(&c->epoch, __ATOMIC_RELAXED);
	if (rpc->peer_up && (state != SMI_CLIENT_CONNECTED || epoch != rpc->epoch)) {
		/* The client we knew closed (a dead one is handled below). */
		rpc->peer_up = false;
		smi_rpc_mark_departed(rpc, -SM_ENOPEER);
	}
	if (state == SMI_CLIENT_FREE)
		return; /* also while a new client writes its start time */
	if (state == SMI_CLIENT_CONNECTED && !rpc->peer_up) {
		rpc->epoch = epoch;
		rpc->peer_up = true;
		atomic_store(&rpc->peer_error, 0);
	}
	if (slot.pid <= 0 || smi_rpc_slot_holder_alive(c, slot))
		return;
	/* The client died: new calls fail from now on (peer_error is seen
	 * before the slot state), the slot is freed, then what was sent to it
	 * fails.  The slot is freed only if it is still what was judged: a
	 * new client may have taken it over meanwhile. */
	atomic_store(&rpc->peer_error, -SM_EPEERDEAD);
	if (smi_rpc_slot_cas(c, slot, 0, SMI_CLIENT_FREE)) {
		smi_stat_add(&rpc->mine->peer_deaths, 1); /* once per death: the slot is freed once */
		__atomic_fetch_add(&c->conn_seq, 1, __ATOMIC_RELEASE);
		smi_futex_wake(&c->conn_seq, INT32_MAX);
	}
	if (rpc->peer_up) {
		rpc->peer_up = false;
		smi_rpc_mark_departed(rpc, -SM_EPEERDEAD);
	}
}

void smi_rpc_mark_departed(sm_rpc *rpc, int status)
{
	/* seq_cst, after the acquire of the slot that told: a reader that
	 * sees the mark sees in the ring all the client wrote before it
	 * left.  A death outranks a departure. */
	int expect = 0;
	bool changed = status == -SM_EPEERDEAD ?
		atomic_exchange(&rpc->departed, status) != status :
		atomic_compare_exchange_strong(&rpc->departed, &expect, status);
	if (changed)
		smi_rpc_ring_bell(rpc); /* the receiving thread may be parked */
}

/* Calls to a client that is no longer the connected one cannot be
 * answered: they end (see smi_rpc_mark_departed()), also when that client
 * came and went between two checks (never seen by server_check()). */
static void server_sweep(sm_rpc *rpc)
{
	if (!__atomic_load_n(&rpc->calls.count, __ATOMIC_RELAXED)) /* a hint */
		return;
	struct smi_rpc_conn *c = &rpc->sh->conn;
	/* Acquire pairs with the client's release of the claim word. */
	uint32_t state = smi_rpc_slot_load(c).state;
	uint32_t epoch = __atomic_load_n(&c->epoch, __ATOMIC_RELAXED);
	if (smi_rpc_calls_any_other(rpc, state == SMI_CLIENT_CONNECTED ? epoch : 0))
		smi_rpc_mark_departed(rpc, -SM_ENOPEER);
}

static void client_check(sm_rpc *rpc)
{
	const struct sm_header *h = sm_segment_header(rpc->seg);
	if (!sm_segment_is_shutdown(rpc->seg) && smi_proc_alive(h->creator_pid, h->creator_start_time))
		return;
	/* Asked again after the death was seen: a server that closed and
	 * then exited between the two looks closed first, and is not dead. */
	int err = sm_segment_is_shutdown(rpc->seg) ? -SM_ESHUTDOWN : -SM_EPEERDEAD;
	/* New calls fail from now on.  Pending ones fail once a reader finds
	 * the incoming ring empty (take_packet()): replies the server wrote
	 * before it closed or died are still there, and are theirs. */
	int expect = 0;
	if (atomic_compare_exchange_strong(&rpc->peer_error, &expect, err) && err == -SM_EPEERDEAD)
		smi_stat_add(&rpc->mine->peer_deaths, 1); /* the server dies once */
}

_Thread_local sm_rpc *smi_rpc_checking;

static void check_peer(sm_rpc *rpc, bool force, uint64_t now)
{
	if (!force && now - atomic_load_explicit(&rpc->last_check_ns, memory_order_relaxed) < CHECK_EVERY_NS)
		return;
	/* A forced check waits for one in progress elsewhere: that one may
	 * have read the connection before a new client came, and returning
	 * before it ends would act on its stale verdict. */
	if (force && smi_rpc_checking != rpc)
		pthread_mutex_lock(&rpc->peer_lock);
	else if (pthread_mutex_trylock(&rpc->peer_lock) != 0)
		return;
	sm_rpc *outer = smi_rpc_checking;
	smi_rpc_checking = rpc;
	atomic_store_explicit(&rpc->last_check_ns, now, memory_order_relaxed);
	if (rpc->server) {
		server_check(rpc);
		server_sweep(rpc);
	} else
		client_check(rpc);
	smi_rpc_checking = outer;
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
		uint32_t state = smi_rpc_slot_load(&rpc->sh->conn).state;
		return state == SMI_CLIENT_CONNECTED ? 0 : -SM_ENOPEER;
	}
	int err = atomic_load(&rpc->peer_error);
	if (err)
		return err;
	if (sm_segment_is_shutdown(rpc->seg))
		return -SM_ESHUTDOWN;
	return 0;
}

int smi_rpc_peer_status_now(sm_rpc *rpc)
{
	int err = smi_rpc_peer_status(rpc);
	if (err && rpc->server && err != -SM_ESHUTDOWN) {
		/* The error may be stale (a dead client's sticks until the
		 * next check): a client that came since would lose this
		 * message.  Look again now. */
		smi_rpc_check_peer(rpc, true);
		err = smi_rpc_peer_status(rpc);
	}
	return err;
}
