/* bench-rpc-internal.h — what the RPC benchmark's transports share: the
 * caller-thread driver that times and verifies every round trip. */
#ifndef SM_BENCH_RPC_INTERNAL_H
#define SM_BENCH_RPC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bench-rpc.h"

/* One round trip on behalf of caller `caller`: send `len` bytes at `req`,
 * return the response in *resp / *resp_len; *to_free (may stay NULL) is
 * freed by the driver after checking.  0 or -errno. */
typedef int (*smb_rpc_call_fn)(void *ctx, unsigned caller, const void *req, size_t len,
			       const void **resp, size_t *resp_len, void **to_free);

/* Run cfg->callers threads calling `call` until cfg->count calls or
 * cfg->seconds passed; fill `out` (transport name left to the caller). */
int smb_rpc_drive(const struct smb_rpc_config *cfg, smb_rpc_call_fn call, void *ctx,
		  struct smb_rpc_result *out);

/* Child process plumbing: fork a child running fn(arg) that signals
 * readiness with smb_child_ready(), or a failure to set up with
 * smb_child_failed(); the parent waits for it, and smb_child_start()
 * returns that error (-EIO for a child that exited without a word).  The
 * child runs until smb_child_stop() closes its pipe. */
struct smb_child {
	int pid;
	int release_fd;
	/* Set before the start: the child is killed when this process dies.
	 * For children that own nothing and wait on something else than the
	 * release pipe (a ring, a queue), which would wait for good. */
	bool die_with_parent;
};
int smb_child_start(struct smb_child *c, int (*fn)(void *arg, int ready_fd, int release_fd),
		    void *arg);
void smb_child_ready(int ready_fd);
void smb_child_failed(int ready_fd, int err); /* err: -errno; then return from fn */
/* In a child forked by `parent`: be killed (SIGKILL) when it dies; exits
 * at once if it already has. */
void smb_die_with_parent(int parent);
void smb_child_wait_release(int release_fd);
/* Close the child's pipe and reap it: 0, -SM_EPEERDEAD if a signal
 * killed it, -EIO if it exited with a failure. */
int smb_child_stop(struct smb_child *c);

/* Move exactly n bytes to (out) or from fd, retrying short transfers and
 * EINTR.  0, -EPIPE at end of file, or -errno. */
int smb_full_io(int fd, void *p, size_t n, bool out);

#endif
