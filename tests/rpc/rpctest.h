/* rpctest.h — helpers shared by the RPC tests: child processes that serve
 * a channel until released, and a few handlers. */
#ifndef SM_RPCTEST_H
#define SM_RPCTEST_H

#include <sys/types.h>

#include "sharedmem.h"
#include "testlib.h"

/* A forked child and the pipe that keeps it running. */
struct rt_child {
	pid_t pid;
	int   release_fd; /* parent's write end: closing it releases the child */
};

/* Fork a child running fn(arg).  In the child, rt_wait_release() blocks
 * until the parent calls rt_release()/rt_finish(). */
void rt_spawn(struct rt_child *c, int (*fn)(void *), void *arg);
void rt_wait_release(void);
void rt_release(struct rt_child *c);
/* Release the child and return its exit status (t_wait). */
int rt_finish(struct rt_child *c);

/* What a serving child does: create (server) or connect (client) with
 * `opts` and `handler`, wait for release, close.  Exits 0, or 1 when the
 * channel could not be set up. */
struct rt_serve {
	const char *name;
	bool server;
	sm_rpc_handler_fn handler;
	uint32_t max_message, packet_size, node_count, workers;
	int32_t spin_us;
};
int rt_serve_main(void *arg);

/* Options with the test defaults (connect waits up to 5 s). */
void rt_options(struct sm_rpc_options *o, sm_rpc_handler_fn handler);

/* Handlers: sum of the request bytes as one byte; echo; error -EINVAL
 * with text "bad input <len>"; echo after sleeping the ms in byte 0. */
int rt_sum_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);
int rt_echo_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);
int rt_error_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);
int rt_slow_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);

/* Deterministic test bytes: fill / check `len` bytes made from `seed`. */
void rt_fill(void *buf, size_t len, uint32_t seed);
int rt_check(const void *buf, size_t len, uint32_t seed);

#endif
