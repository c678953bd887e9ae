/* ring_snapshot.c — a monitor's view of a ring, from its positions, node
 * words and counters only (works on read-only mappings; costs writers and
 * readers nothing).  Message counts are derived from positions:
 *   committed = head - nodes being written
 *   released  = tail - nodes being read
 *   messages_written = committed - abandoned
 *   messages_read    = released - skipped - lost - corrupt
 * Each value is read once, so under traffic the figures are a moment's
 * approximation ("consistent enough"), exact when the ring is idle. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "segment_internal.h"

int sm_ring_snapshot(const sm_ring *r, struct sm_ring_snapshot *snap, uint8_t *states,
		     uint32_t max_states)
{
	if (!r || !snap)
		return -EINVAL;
	memset(snap, 0, sizeof *snap);
	const struct smi_ring_ctl *c = r->ctl;
	snap->node_count = r->node_count;
	snap->node_size = r->node_size;
	/* Tail first: tail <= head then holds for the values we read. */
	uint64_t tail = atomic_load_explicit(&c->tail, memory_order_acquire);
	uint64_t head = atomic_load_explicit(&c->head, memory_order_acquire);
	if (head < tail)
		head = tail;
	uint64_t writing = 0, reading = 0, slot_w = 0, slot_r = 0;
	for (uint32_t i = 0; i < r->node_count; i++) {
		struct smi_ring_node *n = smi_ring_node(r, i);
		uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
		uint32_t claim = atomic_load_explicit(&n->claimer, memory_order_relaxed);
		enum sm_node_state st = smi_node_state(r, seq, claim, head, tail);
		bool spsc_slot = smi_spsc_reserved(r, n, head, claim);
		if (spsc_slot)
			st = SM_NODE_WRITING;
		writing += st == SM_NODE_WRITING;
		reading += st == SM_NODE_READING;
		/* A single side's slot is at its index, which it has not moved. */
		slot_w |= spsc_slot || (st == SM_NODE_WRITING && SEQ_POS(seq) >= head);
		slot_r |= st == SM_NODE_READING && SEQ_POS(seq) >= tail;
		if (states && i < max_states)
			states[i] = (uint8_t)st;
	}
	head += slot_w;
	tail += slot_r;
	if (writing > head - tail + r->node_count)
		writing = 0; /* implausible (raced with traffic) */
	snap->write_reserved = head;
	snap->write_committed = head - (writing < head ? writing : head);
	snap->read_claimed = tail;
	snap->read_released = tail - (reading < tail ? reading : tail);
	uint64_t in_use = head - snap->read_released;
	snap->occupancy = in_use > r->node_count ? r->node_count : (uint32_t)in_use;

	uint64_t abandoned = atomic_load_explicit(&c->abandoned, memory_order_relaxed);
	uint64_t skipped = atomic_load_explicit(&c->skipped, memory_order_relaxed);
	uint64_t lost = atomic_load_explicit(&c->lost, memory_order_relaxed);
	uint64_t corrupt = atomic_load_explicit(&c->corrupt, memory_order_relaxed);
	uint64_t not_read = skipped + lost + corrupt;
	snap->abandoned = abandoned;
	snap->lost = lost;
	snap->corrupt = corrupt;
	snap->messages_written = snap->write_committed > abandoned ? snap->write_committed - abandoned : 0;
	snap->messages_read = snap->read_released > not_read ? snap->read_released - not_read : 0;
	snap->full_waits = atomic_load_explicit(&c->full_waits, memory_order_relaxed);
	snap->empty_waits = atomic_load_explicit(&c->empty_waits, memory_order_relaxed);
	snap->timeouts = atomic_load_explicit(&c->timeouts, memory_order_relaxed);
	for (uint32_t i = 0; i < SMI_RING_PROCS; i++) {
		snap->bytes_written += atomic_load_explicit(&r->procs[i].bytes_written, memory_order_relaxed);
		snap->bytes_read += atomic_load_explicit(&r->procs[i].bytes_read, memory_order_relaxed);
	}
	snap->monotonic_ns = smi_now_ns();
	snap->shutdown = smi_ring_is_shutdown(r);
	if (smi_segment_truncated(r->seg)) { /* all of the above read zero pages */
		memset(snap, 0, sizeof *snap);
		return -SM_EBADHEADER;
	}
	return 0;
}
