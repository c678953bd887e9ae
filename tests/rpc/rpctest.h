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

/* The channel name the test is working on; children get the value it had
 * when they were spawned. */
extern const char *rt_name;

/* Call first in main(): in a child started by rt_spawn() it runs the
 * child's function and exits. */
void rt_init(int argc, char **argv);

/* Start a child running fn(copy of the arg_size bytes at arg), with
 * rt_name as it is now.  The child is this program run anew (fork and
 * exec), so it starts with no threads whatever the parent runs (which
 * TSan needs); arg must hold no pointers.  In the child,
 * rt_wait_release() blocks until the parent calls rt_release() or
 * rt_finish(). */
void rt_spawn(struct rt_child *c, int (*fn)(void *), const void *arg, size_t arg_size);
void rt_wait_release(void);
void rt_release(struct rt_child *c);
/* Release the child and return its exit status (t_wait). */
int rt_finish(struct rt_child *c);

/* What a serving child does: create (server) or connect (client) channel
 * rt_name with these settings, wait for release, close.  Exits 0, or 1
 * when the channel could not be set up. */
enum rt_handler { RT_NONE, RT_SUM, RT_ECHO, RT_ERROR, RT_SLOW, RT_CUSTOM };
struct rt_serve {
	bool server;
	enum rt_handler handler; /* not a pointer: children are new programs */
	uint32_t max_message, packet_size, node_count, workers;
	int32_t spin_us;
	int64_t custom;          /* RT_CUSTOM: see rt_serve_custom() */
};
int rt_serve_main(void *arg);
/* Serve with a handler of the test's own: handler RT_CUSTOM, the handler
 * kept as its offset from rt_init (as rt_spawn() passes its function). */
void rt_serve_custom(struct rt_serve *s, sm_rpc_handler_fn fn);

/* A client child to kill in the middle of a call: connects to rt_name
 * (answering with rt_slow_handler), calls the server with no deadline,
 * and then waits for release.  For rt_spawn(); no argument. */
int rt_calling_client_main(void *arg);

/* Spawn a server child serving `s` on channel rt_name and connect to it
 * as a client without a handler; returns the client handle. */
sm_rpc *rt_serve_and_connect(struct rt_child *c, const struct rt_serve *s);

/* Options with the test defaults (connect waits up to 5 s). */
void rt_options(struct sm_rpc_options *o, sm_rpc_handler_fn handler);

/* Create channel rt_name as its server in this process (test options,
 * these settings; 0 = default). */
sm_rpc *rt_create_server(sm_rpc_handler_fn handler, uint32_t packet_size, uint32_t node_count);

/* Connect to rt_name as its client with the test options and no handler
 * (for children: an error is returned, not checked). */
int rt_connect(sm_rpc **cli);

/* Two calls of 16 bytes (0xaa) that must time out after 50 ms, as when
 * the server's handler holds them: 0, or 2 / 3 when the first / second
 * did not (an exit status for a child). */
int rt_two_timed_out_calls(sm_rpc *rpc);

/* Wait up to 10 s until `rpc`'s side (its server's or client's
 * statistics) has written more than `above` responses; false if it did
 * not (for children: no CHECK). */
bool rt_await_responses_sent(sm_rpc *rpc, uint64_t above);

/* Start up to `max` async calls of 4 bytes (their index) with 50 ms
 * deadlines, each completing with done(NULL, ...), until one cannot be
 * sent in its 50 ms (the peer stopped reading): the number started, and
 * in *err the first error (0 if all were sent). */
int rt_flood(sm_rpc *rpc, uint32_t max, sm_rpc_done_fn done, int *err);

/* Partial messages `rpc` is still assembling after waiting up to 2 s for
 * them to go (0 once they have). */
uint32_t rt_partials_left(sm_rpc *rpc);

/* Handlers: sum of the request bytes as one byte; echo; error -EINVAL
 * with text "bad input <len>"; echo after sleeping the ms in byte 0. */
int rt_sum_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);
int rt_echo_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);
int rt_error_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);
int rt_slow_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);

/* A handler that never answers: it sets the int at `user` to 1, then
 * waits until its handle is being closed (the reply is refused then), so
 * the client closing leaves a call to it unanswered. */
int rt_leaving_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply);

/* Deterministic test bytes: fill / check `len` bytes made from `seed`. */
void rt_fill(void *buf, size_t len, uint32_t seed);
int rt_check(const void *buf, size_t len, uint32_t seed);

#endif
