/* bench-zmq.h — the ZeroMQ ipc:// alternative for `sharedmem bench
 * compare`: the same workloads as the other transports, over libzmq
 * (PUSH/PULL for streams, REQ/REP for request/response), producer/server
 * in a child process, every message verified.  Built only when libzmq is
 * found (SM_HAVE_ZMQ), and loaded (dlopen) only when first used. */
#ifndef SM_BENCH_ZMQ_H
#define SM_BENCH_ZMQ_H

#include <stddef.h>
#include <stdint.h>

#include "bench-rpc.h"

/* Results are given as the RPC engine's struct smb_rpc_result (transport
 * "zeromq"): messages received and verified, seconds from the first to
 * the last, rates, the verification counts, and for request/response the
 * round-trip percentiles (0 for streams). */

/* Smallest message: sequence and size must fit. */
#define SMB_ZMQ_MIN_SIZE 16u

/* Loads libzmq, once (later calls answer as the first): NULL, or why it
 * cannot be used (the loader's message).  The functions below load it
 * themselves; -ELIBACC (or "?") where it cannot be. */
const char *smb_zmq_load(void);

/* The libzmq version as "4.3.4" into buf. */
void smb_zmq_version(char *buf, size_t size);

/* One producer -> one consumer of msg_size-byte messages (>= SMB_ZMQ_MIN_SIZE) for
 * `seconds` or, when count > 0, count messages.  0 or -errno. */
int smb_zmq_stream(size_t msg_size, double seconds, uint64_t count,
		   struct smb_rpc_result *out);

/* One client calling one echo server with msg_size-byte requests (the
 * response is the request), for `seconds` or `count` calls.  0 or -errno. */
int smb_zmq_reqresp(size_t msg_size, double seconds, uint64_t count,
		    struct smb_rpc_result *out);

#endif
