/* test-rpc-closeexit.c — a server that closes its channel from inside a
 * handler (a "quit" method) and then exits leaves no names behind.  Such
 * a close returns at once and finishes on a thread of its own, which the
 * program cannot wait for; a process exiting right after the handler
 * killed that thread before it removed the channel and its rings, so all
 * three stayed in /dev/shm. */
#include "rpctest.h"

#include <sched.h>
#include <stdatomic.h>

static atomic_int quit;

static int quit_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	sm_rpc_close(req->rpc);
	atomic_store(&quit, 1);
	return sm_rpc_reply_set(reply, "bye", 3);
}

static int quitting_server_main(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	rt_options(&o, quit_handler);
	sm_rpc *srv;
	if (sm_rpc_create(&srv, rt_name, &o))
		return 1;
	while (!atomic_load(&quit))
		sched_yield();
	return 0; /* exit at once, as a program whose work is done */
}

static void check_gone(const char *suffix)
{
	char n[SM_NAME_MAX + 1];
	snprintf(n, sizeof(n), "%s%s", rt_name, suffix);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, n, SM_KIND_NONE, 0), -ENOENT);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpccloseexit");
	for (int i = 0; i < 10; i++) {
		struct rt_child server;
		rt_spawn(&server, quitting_server_main, NULL, 0);
		sm_rpc *cli;
		CHECK_EQ(rt_connect(&cli), 0);
		int err = sm_rpc_call(cli, "q", 1, NULL, 5000);
		CHECK(err == 0 || err == -SM_ESHUTDOWN || err == -SM_EPEERDEAD);
		sm_rpc_close(cli);
		CHECK_EQ(rt_finish(&server), 0);
		check_gone("");
		check_gone(SM_RPC_C2S_SUFFIX);
		check_gone(SM_RPC_S2C_SUFFIX);
	}
	return 0;
}
