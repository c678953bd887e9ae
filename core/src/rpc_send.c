/* rpc_send.c — packetising: each message is written packet by packet in
 * place into the outgoing ring's nodes.  Threads send at once (their
 * packets may interleave; the receiver reassembles per message).  A packet
 * that cannot be written is an error for its message, never silently
 * dropped; a message cut off part-way owes the peer an ABORT, sent before
 * the next packet (or by the idle receiving thread), so the receiver drops
 * the partial.  The receiving
 * thread keeps taking in packets while it waits for ring space, so two
 * sides that both send cannot block each other. */
#include "rpc_internal.h"

#include <sched.h>
#include <string.h>

#define SEND_SLICE_NS  5000000 /* check the peer at least this often while blocked */
#define MAX_PUMP_DEPTH 32      /* nested polls from blocked sends */

/* The epoch packets are stamped with now. */
static uint32_t tx_epoch(sm_rpc *rpc)
{
	if (!rpc->server)
		return rpc->epoch;
	/* Acquire pairs with the client's release of the claim word on connect. */
	return __atomic_load_n(&rpc->sh->conn.epoch, __ATOMIC_ACQUIRE);
}

/* Reserve a node before the deadline: spin briefly, then sleep in slices
 * while checking the peer; the receiving thread polls its ring instead,
 * and finishes async calls that fail or expire meanwhile. */
static int reserve(sm_rpc *rpc, struct sm_ring_slot *slot, const struct smi_deadline *dl,
		   uint64_t *waited_ns)
{
	int err = sm_ring_reserve(rpc->tx, slot, 0);
	if (err != -ETIMEDOUT)
		return err;
	uint64_t t0 = smi_now_ns();
	uint64_t spin_end = t0 + (uint64_t)atomic_load_explicit(&rpc->spin_us, memory_order_relaxed) * 1000u;
	bool pump = smi_rpc_receiver == rpc && rpc->pump_depth < MAX_PUMP_DEPTH;
	for (;;) {
		int64_t left = smi_deadline_left_ns(dl);
		if (left == 0) {
			err = -ETIMEDOUT;
			break;
		}
		int ms = 0;
		if (pump) {
			/* Take in what arrives; when nothing does, wait for
			 * space a millisecond at a time (either may unblock). */
			rpc->pump_depth++;
			smi_rpc_complete_due(rpc);
			int got = smi_rpc_poll(rpc, 0);
			rpc->pump_depth--;
			if (!got && smi_now_ns() >= spin_end)
				ms = 1;
			else if (!got)
				sched_yield();
		} else if (smi_now_ns() >= spin_end) {
			int64_t slice = left < SEND_SLICE_NS ? left : SEND_SLICE_NS;
			ms = (int)((slice + 999999) / 1000000);
		} else {
			sched_yield();
		}
		err = sm_ring_reserve(rpc->tx, slot, ms);
		if (err != -ETIMEDOUT)
			break;
		smi_rpc_check_peer(rpc, false);
		int perr = smi_rpc_peer_status(rpc);
		if (perr) {
			err = perr;
			break;
		}
	}
	*waited_ns += smi_now_ns() - t0;
	return err;
}

static int put_packet(sm_rpc *rpc, const struct smi_rpc_packet *h, const void *body, size_t n,
		      const struct smi_deadline *dl, uint64_t *waited_ns)
{
	struct sm_ring_slot slot;
	int err = reserve(rpc, &slot, dl, waited_ns);
	if (err)
		return err;
	memcpy(slot.data, h, sizeof(*h));
	if (n)
		memcpy((uint8_t *)slot.data + sizeof(*h), body, n);
	err = sm_ring_commit(rpc->tx, &slot, sizeof(*h) + n);
	if (err)
		sm_ring_abandon(rpc->tx, &slot);
	return err;
}

/* Queue an ABORT packet.  Memory stays bounded: when full the oldest is
 * forgotten, and the receiver gives up its partial once it goes stale
 * (SMI_REASM_STALE_PACKETS). */
static void owe_abort_packet(sm_rpc *rpc, const struct smi_rpc_packet *a)
{
	pthread_mutex_lock(&rpc->abort_lock);
	uint32_t n = rpc->n_aborts;
	if (n == SMI_MAX_ABORTS) {
		memmove(&rpc->aborts[0], &rpc->aborts[1], sizeof(*a) * (SMI_MAX_ABORTS - 1));
		n--;
		smi_stat_add(&rpc->mine->write_failures, 1);
	}
	rpc->aborts[n] = *a;
	/* Atomic: smi_rpc_send() looks at the count without the lock. */
	__atomic_store_n(&rpc->n_aborts, n + 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&rpc->abort_lock);
}

/* Remember that message `h` was cut off. */
static void owe_abort(sm_rpc *rpc, const struct smi_rpc_packet *h)
{
	struct smi_rpc_packet a = {
		.type = SMI_PKT_ABORT, .version = SMI_PKT_VERSION, .call_id = h->call_id,
		.flags = h->type == SMI_PKT_REQUEST ? SMI_PKT_FLAG_ABORT_REQUEST : 0,
		.count = 1, .epoch = h->epoch,
	};
	owe_abort_packet(rpc, &a);
}

/* Send the ABORTs owed (those of the current connection); the lock is not
 * held while a packet waits for space. */
static int pay_aborts(sm_rpc *rpc, uint32_t epoch, const struct smi_deadline *dl, uint64_t *waited_ns)
{
	for (;;) {
		pthread_mutex_lock(&rpc->abort_lock);
		if (!rpc->n_aborts) {
			pthread_mutex_unlock(&rpc->abort_lock);
			return 0;
		}
		struct smi_rpc_packet a = rpc->aborts[0];
		uint32_t n = rpc->n_aborts - 1;
		memmove(&rpc->aborts[0], &rpc->aborts[1], sizeof(a) * n);
		__atomic_store_n(&rpc->n_aborts, n, __ATOMIC_RELAXED); /* read unlocked too */
		pthread_mutex_unlock(&rpc->abort_lock);
		if (a.epoch != epoch)
			continue; /* owed to a client that is gone */
		int err = put_packet(rpc, &a, NULL, 0, dl, waited_ns);
		if (err) {
			owe_abort_packet(rpc, &a);
			return err;
		}
	}
}

void smi_rpc_pay_aborts_idle(sm_rpc *rpc)
{
	if (!__atomic_load_n(&rpc->n_aborts, __ATOMIC_RELAXED) || smi_rpc_peer_status(rpc))
		return;
	struct smi_deadline now = smi_deadline_from_ms(0); /* never wait: idle work */
	uint64_t waited_ns = 0;
	pay_aborts(rpc, tx_epoch(rpc), &now, &waited_ns);
}

static void count_sent(sm_rpc *rpc, uint8_t type, size_t len, uint32_t packets,
		       size_t last_chunk, uint64_t waited_ns)
{
	struct sm_rpc_side_stats *s = rpc->mine;
	smi_stat_add(&s->packets_written, packets);
	smi_stat_add(&s->bytes_written, len);
	smi_stat_max(&s->writing_max_packet_size, (int64_t)(len < rpc->payload ? len : rpc->payload));
	smi_stat_set(&s->writing_last_packet_size, (int64_t)last_chunk);
	smi_stat_set(&s->writing_last_message_size, (int64_t)len);
	if (waited_ns)
		smi_stat_max(&s->max_wait_write_ns, (int64_t)waited_ns);
	smi_stat_add(type == SMI_PKT_REQUEST ? &s->requests_sent :
		     type == SMI_PKT_RESPONSE ? &s->responses_sent : &s->errors_sent, 1);
	smi_stat_add(&s->messages_sent, 1);
}

int smi_rpc_send(sm_rpc *rpc, uint32_t epoch, uint8_t type, uint8_t flags, int32_t status,
		 uint64_t call_id, const void *data, size_t len, const struct smi_deadline *dl)
{
	if (len > rpc->max_message)
		return -EMSGSIZE;
	int err = smi_rpc_peer_status_now(rpc);
	if (err)
		return err;
	/* The connection it is for has gone (a reply to a client that left
	 * while its handler ran): nothing to send.  Should a new client come
	 * between this check and the packets, they carry the old epoch and
	 * that client drops them. */
	if (epoch != tx_epoch(rpc))
		return -SM_ENOPEER;
	uint32_t count = smi_rpc_packet_count(len, rpc->payload);
	struct smi_rpc_packet h = {
		.type = type, .version = SMI_PKT_VERSION, .flags = flags, .status = status,
		.call_id = call_id, .total_len = (uint32_t)len, .count = count, .epoch = epoch,
	};
	uint64_t waited_ns = 0;
	size_t chunk = 0;

	if (__atomic_load_n(&rpc->n_aborts, __ATOMIC_RELAXED) &&
	    (err = pay_aborts(rpc, epoch, dl, &waited_ns))) {
		smi_stat_add(&rpc->mine->write_failures, 1);
		return err;
	}
	for (uint32_t i = 0; i < count; i++) {
		size_t off = (size_t)i * rpc->payload;
		chunk = len - off < rpc->payload ? len - off : rpc->payload;
		h.index = i;
		err = put_packet(rpc, &h, (const uint8_t *)data + off, chunk, dl, &waited_ns);
		if (err) {
			smi_stat_add(&rpc->mine->write_failures, 1);
			if (i > 0)
				owe_abort(rpc, &h);
			return err;
		}
	}
	count_sent(rpc, type, len, count, chunk, waited_ns);
	return 0;
}
