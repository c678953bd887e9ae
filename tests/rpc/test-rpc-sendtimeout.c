/* test-rpc-sendtimeout.c — a call whose request cannot even be sent
 * within its deadline (the server is stopped, its request ring full)
 * fails with -ETIMEDOUT and is counted in the client's timeouts, like a
 * call that timed out waiting for its response.  Every call below returns
 * -ETIMEDOUT, some after sending and some without: the statistics must
 * count them all, and none stays in flight. */
#include "rpctest.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Wait until every thread of `pid` is stopped: SIGSTOP takes effect at
 * each thread's next kernel entry, and until then the server may still
 * answer a request. */
static bool all_threads_stopped(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool stopped = true;
	struct dirent *e;
	while (stopped && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char state = t_thread_state(pid, (pid_t)atoi(e->d_name));
		/* 0: the thread exited meanwhile */
		stopped = state == 0 || state == 'T' || state == 't';
	}
	closedir(d);
	return stopped;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcsendto");
	struct rt_serve serve = { .server = true, .handler = RT_ECHO, .node_count = 2 };
	struct rt_child child;
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);

	/* Alive (a stopped process passes the liveness checks) but reading
	 * nothing: after node_count requests the ring is full.  Nothing is
	 * checked while it is stopped, so a failure cannot leave it so. */
	struct sm_rpc_stats st0, st;
	CHECK_EQ(sm_rpc_stats(cli, &st0), 0);
	CHECK(kill(child.pid, SIGSTOP) == 0);
	for (int i = 0; i < 2000 && !all_threads_stopped(child.pid); i++)
		usleep(1000);
	uint8_t x = 1;
	struct sm_rpc_result res;
	int rc[5];
	for (int i = 0; i < 4; i++) /* fire and forget: 2 sent, then a full ring */
		rc[i] = sm_rpc_call(cli, &x, 1, &res, 0);
	rc[4] = sm_rpc_call(cli, &x, 1, &res, 100); /* waits for room, in vain */
	int stats_rc = sm_rpc_stats(cli, &st);
	CHECK(kill(child.pid, SIGCONT) == 0);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(rc[i], -ETIMEDOUT);
	CHECK_EQ(res.status, -ETIMEDOUT);
	CHECK_EQ(stats_rc, 0);
	int timed_out = 5;
	CHECK_EQ(st.client.timeouts - st0.client.timeouts, (uint64_t)timed_out);
	CHECK(st.client.last_timeout_ns > 0);
	CHECK_EQ(st.client.in_flight, 0);
	CHECK_EQ(st.client.call_errors, st0.client.call_errors);

	/* The channel works again once the server runs. */
	uint8_t msg[3] = { 0, 1, 2 };
	CHECK_EQ(sm_rpc_call(cli, msg, 3, &res, 5000), 0);
	CHECK(res.len == 3 && memcmp(res.data, msg, 3) == 0);
	sm_rpc_result_free(&res);

	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
	return 0;
}
