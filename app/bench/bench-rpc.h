/* bench-rpc.h — request/response benchmark of the RPC channel against a
 * Unix-domain socket, for `sharedmem bench rpc` and tests/bench/bench-rpc.
 *
 * The server runs in a child process (an echo handler); the client process
 * runs `callers` threads, each making synchronous calls of msg_size bytes
 * and checking every response byte for byte.  The same workload then runs
 * over a Unix-domain stream socket (one connection per caller, a thread
 * per connection in the server child), so both figures come from the same
 * run on the same machine. */
#ifndef SM_BENCH_RPC_H
#define SM_BENCH_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct smb_rpc_config {
	size_t   msg_size;    /* request = response bytes */
	unsigned callers;     /* caller threads (>= 1) */
	double   seconds;     /* per transport, when count == 0 */
	uint64_t count;       /* calls per transport (all callers together), 0 = by time */
	int32_t  spin_us;     /* RPC waiting policy (< 0: library default) */
	unsigned workers;     /* server handler workers (0: inline) */
	uint32_t packet_size; /* ring node size (0: default) */
	uint32_t node_count;  /* nodes per ring (0: default) */
};

struct smb_rpc_result {
	const char *transport;         /* "sharedmem-rpc" or "unix-socket" */
	uint64_t messages;             /* completed and verified round trips */
	double   seconds;
	double   msgs_per_s, bytes_per_s; /* bytes: msg_size per call, one direction */
	uint64_t p50_ns, p99_ns, max_ns;  /* round-trip latency */
	uint64_t lost;                 /* calls that failed (error or timeout) */
	uint64_t duplicated;           /* responses carrying an earlier call's sequence */
	uint64_t corrupted;            /* responses whose bytes differ from the request */
};

/* Fill `cfg` with the defaults: 64 B, 1 caller, 1 s, library waiting policy. */
void smb_rpc_config_init(struct smb_rpc_config *cfg);

/* Run the workload over the RPC channel / over a Unix socket.  0 or
 * -errno (setup failed: fork, channel, socket). */
int smb_rpc_run_sharedmem(const struct smb_rpc_config *cfg, struct smb_rpc_result *out);
int smb_rpc_run_unix(const struct smb_rpc_config *cfg, struct smb_rpc_result *out);

/* Did the run verify every call (none lost, duplicated or corrupted:
 * sm_bench_clean of bench-verify.h)? */
bool smb_rpc_clean(const struct smb_rpc_result *r);

/* Write one result as a JSON object (workload "rpc-echo", the config, the
 * figures, and ratio_vs_unix_socket when `uds` is given and both runs
 * verified clean). */
void smb_rpc_json(FILE *f, const struct smb_rpc_config *cfg, const struct smb_rpc_result *r,
		  const struct smb_rpc_result *uds);

/* The command: `[--size N] [--callers N] [--seconds S] [--count N]
 * [--spin-us N] [--workers N] [--packet-size N] [--nodes N] [--no-unix]`;
 * prints a JSON array (sharedmem, then unix socket) on stdout.  Exit
 * status 0, 1 (run failed or any message lost/corrupted), 2 (usage). */
int smb_rpc_main(int argc, char **argv);

#endif
