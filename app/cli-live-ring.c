/* cli-live-ring.c — a ring's live state for `inspect`, from
 * sm_ring_snapshot() on a read-only handle. */
#include "cli-live-kinds.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sharedmem/ring.h"

/* Up to this many nodes are drawn one character each. */
#define NODE_PICTURE_MAX 256

/* The previous snapshot (inspect --watch), for rates between refreshes,
 * and which ring it was taken of: a ring removed and created again under
 * the same name starts its counters afresh. */
static struct sm_ring_snapshot prev;
static bool have_prev;
static int32_t prev_creator;
static uint64_t prev_created_ns;

static void rates(struct cli_report *r, const struct sm_ring_snapshot *s, bool same_ring)
{
	if (!have_prev || !same_ring || s->monotonic_ns <= prev.monotonic_ns ||
	    s->messages_read < prev.messages_read || s->messages_written < prev.messages_written ||
	    s->bytes_read < prev.bytes_read || s->bytes_written < prev.bytes_written)
		return;
	double dt = (double)(s->monotonic_ns - prev.monotonic_ns) / 1e9;
	rep_section(r, "rates", "Rates since the last refresh");
	rep_dbl(r, "written_msgs_per_s", (double)(s->messages_written - prev.messages_written) / dt);
	rep_dbl(r, "written_bytes_per_s", (double)(s->bytes_written - prev.bytes_written) / dt);
	rep_dbl(r, "read_msgs_per_s", (double)(s->messages_read - prev.messages_read) / dt);
	rep_dbl(r, "read_bytes_per_s", (double)(s->bytes_read - prev.bytes_read) / dt);
	rep_end(r);
}

int cli_live_ring(const char *name, struct cli_report *r)
{
	sm_ring *ring;
	int ret = sm_ring_open(&ring, name, SM_OPEN_READONLY);
	if (ret < 0)
		return ret;
	uint32_t n = sm_ring_node_count(ring);
	uint8_t *states = malloc(n ? n : 1);
	struct sm_ring_snapshot s;
	ret = sm_ring_snapshot(ring, &s, states, states ? n : 0);
	const struct sm_header *h = sm_segment_header(sm_ring_segment(ring));
	int32_t creator = h->creator_pid;
	uint64_t created_ns = h->created_ns;
	sm_ring_close(ring);
	if (ret < 0) {
		free(states);
		return ret;
	}
	rep_u64(r, "node_count", s.node_count);
	rep_size(r, "node_size", s.node_size);
	rep_u64(r, "occupancy", s.occupancy);
	rep_dbl(r, "occupancy_ratio", s.node_count ? (double)s.occupancy / s.node_count : 0.0);
	rep_bool(r, "shutdown", s.shutdown != 0);
	rates(r, &s, creator == prev_creator && created_ns == prev_created_ns);
	prev = s;
	prev_creator = creator;
	prev_created_ns = created_ns;
	have_prev = true;
	rep_section(r, "positions", "Positions");
	rep_u64(r, "write_reserved", s.write_reserved);
	rep_u64(r, "write_committed", s.write_committed);
	rep_u64(r, "read_claimed", s.read_claimed);
	rep_u64(r, "read_released", s.read_released);
	rep_end(r);
	rep_section(r, "counters", "Counters");
	rep_u64(r, "messages_written", s.messages_written);
	rep_size(r, "bytes_written", s.bytes_written);
	rep_u64(r, "messages_read", s.messages_read);
	rep_size(r, "bytes_read", s.bytes_read);
	rep_u64(r, "full_waits", s.full_waits);
	rep_u64(r, "empty_waits", s.empty_waits);
	rep_u64(r, "timeouts", s.timeouts);
	rep_u64(r, "abandoned", s.abandoned);
	rep_u64(r, "lost", s.lost);
	rep_u64(r, "corrupt", s.corrupt);
	rep_end(r);
	if (states) {
		uint64_t counts[5] = { 0, 0, 0, 0, 0 };
		static const char glyph[5] = { '.', 'w', 'R', 'r', 'x' };
		char picture[NODE_PICTURE_MAX + 1];
		for (uint32_t i = 0; i < n; i++) {
			uint8_t st = states[i] <= SM_NODE_ABANDONED ? states[i] : SM_NODE_FREE;
			counts[st]++;
			if (i < NODE_PICTURE_MAX)
				picture[i] = glyph[st];
		}
		picture[n < NODE_PICTURE_MAX ? n : NODE_PICTURE_MAX] = '\0';
		rep_section(r, "node_states", "Node states");
		rep_u64(r, "free", counts[SM_NODE_FREE]);
		rep_u64(r, "writing", counts[SM_NODE_WRITING]);
		rep_u64(r, "ready", counts[SM_NODE_READY]);
		rep_u64(r, "reading", counts[SM_NODE_READING]);
		rep_u64(r, "abandoned", counts[SM_NODE_ABANDONED]);
		/* '.' free, 'w' being written, 'R' ready, 'r' being read, 'x' abandoned */
		rep_str(r, "picture", picture);
		rep_end(r);
	}
	free(states);
	return 0;
}
