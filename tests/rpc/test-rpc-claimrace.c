/* test-rpc-claimrace.c — a new client takes over the slot of a client
 * that died connected, and the server checks its peer in the middle of
 * the claim (a test hook runs the check right after the claim word
 * changed): the server must not judge the new client by the dead one's
 * start time and free the slot under it.  Afterwards the new client is
 * the recorded one, a second client gets -EBUSY, and calls work. */
#include "rpctest.h"
#include "rpc_internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

static sm_rpc *srv;
static atomic_bool gate_entered, gate_open;
static int hook_runs;

/* The server's inline handler: the first request holds the receiving
 * thread (so only the test checks the peer) until the gate opens. */
static int gate_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	if (!atomic_exchange(&gate_entered, true))
		while (!atomic_load(&gate_open))
			t_sleep_ms(1);
	return sm_rpc_reply_set(reply, req->data, req->len);
}

static void check_server_mid_claim(void)
{
	hook_runs++;
	smi_rpc_check_peer(srv, true);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcclaim");
	struct sm_rpc_options o;
	rt_options(&o, gate_handler);
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	/* Start times count in clock ticks: the doomed client must not share
	 * ours, or the server could not tell us apart. */
	t_sleep_ms(50);
	struct rt_child child;
	rt_spawn(&child, rt_calling_client_main, NULL, 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	for (int i = 0; i < 5000 && !atomic_load(&gate_entered); i++)
		t_sleep_ms(1);
	CHECK(atomic_load(&gate_entered));
	CHECK_EQ(kill(child.pid, SIGKILL), 0);
	CHECK_EQ(rt_finish(&child), 128 + SIGKILL);
	/* Nobody has looked: the dead client still holds the slot. */
	CHECK_EQ(srv->sh->conn.client_pid, child.pid);
	CHECK_EQ(srv->sh->conn.client_state, SMI_CLIENT_CONNECTED);

	smi_rpc_claim_hook = check_server_mid_claim;
	sm_rpc *cli;
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	smi_rpc_claim_hook = NULL;
	CHECK_EQ(hook_runs, 1);
	CHECK_EQ(srv->sh->conn.client_pid, getpid());
	CHECK_EQ(srv->sh->conn.client_state, SMI_CLIENT_CONNECTED);

	smi_rpc_check_peer(srv, true);
	CHECK_EQ(srv->sh->conn.client_pid, getpid());
	sm_rpc *second;
	CHECK_EQ(sm_rpc_connect(&second, rt_name, &o), -EBUSY);

	atomic_store(&gate_open, true);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, "y", 1, &res, 5000), 0);
	CHECK(res.len == 1 && ((const char *)res.data)[0] == 'y');
	sm_rpc_result_free(&res);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	CHECK_EQ(sm_rpc_call(srv, "z", 1, &res, 5000), -SM_ENOHANDLER);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
