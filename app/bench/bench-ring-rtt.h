/* bench-ring-rtt.h — round-trip latency through the ring, for `sharedmem
 * bench ring`: a request ring and a response ring between this process
 * and an echo child, driven by the RPC benchmark's caller (same timing,
 * verification and percentiles as bench-rpc.h). */
#ifndef SM_BENCH_RING_RTT_H
#define SM_BENCH_RING_RTT_H

#include "bench-rpc.h"

/* Run cfg->msg_size-byte round trips (one caller; cfg->node_count nodes
 * per ring, 0: 64, of cfg->packet_size bytes, 0: the message size; rings
 * of mode `ring_flags`, SM_RING_SINGLE_*: each has one writer and one
 * reader) for cfg->seconds or cfg->count.  0 or -errno. */
int smb_ring_rtt(const struct smb_rpc_config *cfg, unsigned ring_flags, struct smb_rpc_result *out);

#endif
