/* cli-rpc-handlers.h — the built-in methods of `sharedmem rpc serve`.
 *
 * A request is "METHOD\0ARGS": the method name, a NUL, then its argument
 * bytes.  Methods:
 *   echo  ARGS         -> ARGS unchanged
 *   add   "1 2 3"      -> "6" (decimal integers, spaces or commas between)
 *   sleep "MS"         -> "slept MS ms" after sleeping MS (0..60000) ms;
 *                         (-ECANCELED as soon as cli_interrupted is set)
 * An unknown method or bad arguments give an error reply (-EOPNOTSUPP,
 * -EINVAL, -ERANGE) with a message.  Once cli_interrupted is set, or past
 * the --calls limit, a call is refused unrun (-ECANCELED). */
#ifndef SM_CLI_RPC_HANDLERS_H
#define SM_CLI_RPC_HANDLERS_H

#include <stdatomic.h>
#include <stdint.h>

#include "sharedmem/rpc.h"

/* "echo, add, sleep" */
#define CLI_RPC_METHODS "echo, add, sleep"

struct cli_rpc_server {
	atomic_uint_fast64_t served;    /* requests answered so far, errors included */
	atomic_uint_fast64_t no_method; /* ...of them with "no method" */
	atomic_uint_fast64_t bad_args;  /* ...of them with another error (bad request or arguments) */
	atomic_uint_fast64_t cancelled; /* requests the stop cut short, unanswered */
	atomic_uint_fast64_t taken;     /* requests that reached the handler */
	uint64_t limit;              /* --calls: answer no more (0: no limit) */
};

/* The sm_rpc_handler_fn of `rpc serve`; user is a struct cli_rpc_server. */
int cli_rpc_builtin_handler(void *user, const struct sm_rpc_request *req,
			    struct sm_rpc_reply *reply);

#endif
