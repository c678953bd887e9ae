/* rpc-add-threads.c — usage: rpc-add-threads NAME.  Connects to channel
 * NAME (a `sharedmem rpc serve --workers N`) and makes 'add' calls from
 * four threads at once, each checking its sum; with worker threads the
 * server's handlers run side by side.  Exit 0 when every sum is right, 1
 * with the first that is not. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sharedmem.h"

enum { THREADS = 4, CALLS = 500, TERMS = 600 };

static sm_rpc *rpc;
static _Atomic int failed;

static void *caller(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < CALLS && !failed; i++) {
		/* Many terms: the handlers' loops overlap. */
		char req[4000], want[32];
		int n = snprintf(req, sizeof req, "add%c%ld", '\0', id * 1000000);
		for (int k = 0; k < TERMS; k++)
			n += snprintf(req + n, sizeof req - (size_t)n, " %d", i);
		int w = snprintf(want, sizeof want, "%ld", id * 1000000 + (long)TERMS * i);
		struct sm_rpc_result res;
		int r = sm_rpc_call(rpc, req, (size_t)n, &res, 10000);
		if (r < 0 || res.len != (size_t)w || memcmp(res.data, want, (size_t)w) != 0) {
			if (!failed++)
				fprintf(stderr, "thread %ld, call %d: want %s, got %d '%.*s' %s\n", id, i,
					want, r, (int)res.len, res.data ? (const char *)res.data : "",
					res.message);
		}
		sm_rpc_result_free(&res);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	int r = sm_rpc_connect(&rpc, argv[1], NULL);
	if (r < 0) {
		fprintf(stderr, "connect: %s\n", sm_strerror(r));
		return 1;
	}
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, caller, (void *)(i + 1));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	sm_rpc_close(rpc);
	return failed ? 1 : 0;
}
