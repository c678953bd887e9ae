/* test-rpc-closenested.c — sm_rpc_close() fails a handler's pending
 * nested call with -SM_ESHUTDOWN (rpc.h: "pending calls on it fail"), and
 * so does not wait for the peer's answer: the server's handler calls the
 * client with no deadline, and the client's handler holds that call for
 * HOLD_MS.  The nested call must fail, and close return, while the client
 * still holds it: for inline handlers and a worker pool closed from
 * outside, and for a close from inside another worker's handler. */
#include "rpctest.h"

#include <stdatomic.h>

#define HOLD_MS 2000
#define PENDING 1

static sm_rpc *cli;
static atomic_int in_nested, nested_status, hold_over, release_hold;
/* Set once the main thread is done with the server handle: what orders
 * it before the handler's close goes through the rings, which TSan cannot
 * follow (two mappings of one file). */
static atomic_int server_left;

/* Client: holds the nested call until released, or HOLD_MS. */
static int holding_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	for (int i = 0; i < HOLD_MS / 2 && !atomic_load(&release_hold); i++)
		t_sleep_ms(2);
	if (!atomic_load(&release_hold))
		atomic_store(&hold_over, 1);
	return 0;
}

/* Server: "n" makes a nested call with no deadline; "c" closes the
 * server's handle from inside the handler. */
static int server_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)reply;
	if (req->len == 1 && ((const char *)req->data)[0] == 'c') {
		while (!atomic_load(&server_left))
			t_sleep_ms(1);
		sm_rpc_close(req->rpc);
		return 0;
	}
	atomic_store(&in_nested, 1);
	atomic_store(&nested_status, sm_rpc_call(req->rpc, "h", 1, NULL, -1));
	return 0;
}

/* Open the channel (server `workers`), start the nested call; returns the
 * server once the call is under way. */
static sm_rpc *start(const char *tag, uint32_t workers)
{
	rt_name = t_name(tag);
	struct sm_rpc_options o;
	rt_options(&o, server_handler);
	o.workers = workers;
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	rt_options(&o, holding_handler);
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	atomic_store(&in_nested, 0);
	atomic_store(&nested_status, PENDING);
	atomic_store(&hold_over, 0);
	atomic_store(&release_hold, 0);
	CHECK_EQ(sm_rpc_call(cli, "n", 1, NULL, 0), -ETIMEDOUT); /* sent, not waited for */
	for (int i = 0; i < 5000 && !atomic_load(&in_nested); i++)
		t_sleep_ms(1);
	CHECK(atomic_load(&in_nested));
	t_sleep_ms(20); /* the nested request is on its way or held */
	return srv;
}

/* The nested call failed with -SM_ESHUTDOWN before the hold ended. */
static void check_failed_early(void)
{
	int st = atomic_load(&nested_status);
	if (st != -SM_ESHUTDOWN || atomic_load(&hold_over))
		fprintf(stderr, "nested call: %d (%s), hold over: %d\n", st, sm_strerror(st),
			atomic_load(&hold_over));
	CHECK_EQ(st, -SM_ESHUTDOWN);
	CHECK(!atomic_load(&hold_over));
	atomic_store(&release_hold, 1);
	sm_rpc_close(cli);
}

static void closed_from_outside(const char *tag, uint32_t workers)
{
	sm_rpc *srv = start(tag, workers);
	sm_rpc_close(srv);
	check_failed_early();
}

static void closed_by_other_worker(void)
{
	start("rpccnest3", 2);
	atomic_store(&server_left, 1);
	CHECK_EQ(sm_rpc_call(cli, "c", 1, NULL, 0), -ETIMEDOUT);
	for (int i = 0; i < HOLD_MS && atomic_load(&nested_status) == PENDING; i++)
		t_sleep_ms(1);
	check_failed_early();
	/* The teardown finishes on a thread of its own: its names go. */
	struct sm_segment_info info;
	for (int i = 0; i < 2000 && sm_segment_stat(rt_name, &info) != -ENOENT; i++)
		t_sleep_ms(1);
	CHECK_EQ(sm_segment_stat(rt_name, &info), -ENOENT);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	closed_from_outside("rpccnest1", 0);
	closed_from_outside("rpccnest2", 2);
	closed_by_other_worker();
	return T_EXIT_PASS;
}
