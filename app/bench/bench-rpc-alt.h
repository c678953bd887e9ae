/* bench-rpc-alt.h — more request/response alternatives for `sharedmem
 * bench compare`, run by the RPC benchmark's driver (bench-rpc-internal.h:
 * the same caller threads, timing, verification and percentiles as the RPC
 * channel and the Unix stream socket): a pair of pipes, a Unix seqpacket
 * socket pair and a pair of POSIX message queues per caller, each served
 * by an echo thread in a child process. */
#ifndef SM_BENCH_RPC_ALT_H
#define SM_BENCH_RPC_ALT_H

#include "bench-rpc.h"

/* 0, -ENOTSUP (the transport cannot carry messages this large here: a
 * seqpacket datagram over the socket buffer limit, a message over the
 * queue's msgsize_max), or another -errno.  Blocks about cfg->seconds. */
int smb_rpc_run_pipe(const struct smb_rpc_config *cfg, struct smb_rpc_result *out);
int smb_rpc_run_seqpacket(const struct smb_rpc_config *cfg, struct smb_rpc_result *out);
int smb_rpc_run_mq(const struct smb_rpc_config *cfg, struct smb_rpc_result *out);

#endif
