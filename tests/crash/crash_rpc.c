/* crash_rpc.c — an RPC server and client under SIGKILL.  The server
 * answers each request with its bytes XOR 0x5a (multi-packet: packets are
 * small); the client checks every answer, and that every failed call
 * failed with an error that says what happened (peer died, no peer,
 * shut down, timed out) within its timeout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash.h"

#define PACKET_SIZE 128u  /* 96 payload bytes per packet */
#define MAX_REQUEST 1000u /* up to 11 packets */

static const int allowed[] = { 0, -SM_EPEERDEAD, -SM_ENOPEER, -SM_ESHUTDOWN, -ETIMEDOUT,
			       -SM_ENOTREADY, -EBUSY, -ENOENT };

unsigned crash_rpc_error_index(int err)
{
	for (unsigned i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (allowed[i] == err)
			return i;
	return 0;
}

const char *crash_rpc_error_name(unsigned i)
{
	return i < sizeof allowed / sizeof *allowed ? sm_strerror_name(allowed[i]) : "?";
}

static int handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	struct crash_slot *s = user;
	atomic_store(&s->heartbeat_ns, crash_now_ns());
	atomic_fetch_add(&crash->handled, 1);
	uint8_t *out = req->len ? sm_rpc_reply_buffer(reply, req->len) : NULL;
	if (req->len && !out)
		return -ENOMEM;
	for (size_t i = 0; i < req->len; i++)
		out[i] = ((const uint8_t *)req->data)[i] ^ 0x5a;
	return 0;
}

int crash_server(struct crash_slot *s)
{
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.packet_size = PACKET_SIZE;
	opts.node_count = 8;
	opts.max_message = 4096;
	opts.handler = handler;
	opts.handler_user = s;
	opts.flags = SM_CREATE_REPLACE_STALE; /* the last server was killed */
	opts.spin_us = 0;
	sm_rpc *rpc = NULL;
	crash_state(s, ST_START);
	for (int tries = 0;; tries++) {
		crash_busy(s, true);
		int r = sm_rpc_create(&rpc, crash->rpc_name, &opts);
		crash_busy(s, false);
		if (r == 0)
			break;
		/* A killed server's files are replaced once it is seen dead. */
		if (r != -EEXIST || tries == 100) {
			crash_fail("server: sm_rpc_create: %s (try %d)", sm_strerror(r), tries);
			return 1;
		}
		usleep(10000);
	}
	for (;;) {
		crash_state(s, ST_IDLE);
		usleep(5000);
	}
}

static int connect_loop(struct crash_slot *s, sm_rpc **rpc)
{
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.connect_timeout_ms = crash->op_timeout_ms;
	opts.spin_us = 0;
	for (;;) {
		crash_state(s, ST_START);
		crash_busy(s, true);
		int r = sm_rpc_connect(rpc, crash->rpc_name, &opts);
		crash_busy(s, false);
		if (r == 0) {
			atomic_fetch_add(&crash->connects, 1);
			return 0;
		}
		if (crash_rpc_error_index(r) == 0) {
			crash_fail("client: sm_rpc_connect: %s", sm_strerror(r));
			usleep(10000);
		}
		crash_state(s, ST_IDLE);
		usleep(2000);
	}
}

static void note_slowest(uint64_t ns)
{
	uint64_t cur = atomic_load(&crash->slowest_call_ns);
	while (ns > cur && !atomic_compare_exchange_weak(&crash->slowest_call_ns, &cur, ns))
		;
}

int crash_client(struct crash_slot *s)
{
	uint64_t rnd = crash->seed ^ (uint64_t)s->incarnation << 20 ^ 0xC11E47;
	uint8_t req[MAX_REQUEST];
	sm_rpc *rpc;
	connect_loop(s, &rpc);
	for (uint64_t seq = 0;; seq++) {
		size_t len = crash_rand(&rnd) % (MAX_REQUEST + 1);
		sm_traffic_fill(req, len, seq);
		if (len >= SM_TRAFFIC_MIN_SIZE)
			sm_traffic_stamp(req, len, s->incarnation, seq, 0);
		struct sm_rpc_result res;
		atomic_store(&s->seq, seq);
		crash_state(s, ST_CALLING);
		crash_busy(s, true);
		uint64_t t0 = crash_now_ns();
		int r = sm_rpc_call(rpc, req, len, &res, crash->op_timeout_ms);
		uint64_t took = crash_now_ns() - t0;
		crash_busy(s, false);
		note_slowest(took);
		if (took > (uint64_t)(crash->op_timeout_ms + crash->slack_ms) * 1000000u)
			crash_fail("client: a call took %llu ms (timeout %d ms): %s",
				   (unsigned long long)(took / 1000000u), crash->op_timeout_ms, sm_strerror(r));
		if (r == 0) {
			bool same = res.len == len;
			for (size_t i = 0; same && i < len; i++)
				same = ((uint8_t *)res.data)[i] == (req[i] ^ 0x5a);
			if (same) {
				atomic_fetch_add(&crash->calls_ok, 1);
			} else {
				atomic_fetch_add(&crash->calls_bad, 1);
				crash_fail("client: wrong answer to a %zu-byte call (%zu bytes back)", len, res.len);
			}
		} else if (crash_rpc_error_index(r) != 0) {
			atomic_fetch_add(&crash->calls_failed_ok, 1);
			atomic_fetch_add(&crash->call_errors[crash_rpc_error_index(r)], 1);
		} else {
			atomic_fetch_add(&crash->calls_bad, 1);
			crash_fail("client: call failed with %s (%s)", sm_strerror_name(r), sm_strerror(r));
		}
		sm_rpc_result_free(&res);
		crash_state(s, ST_IDLE);
		if (r == -SM_EPEERDEAD || r == -SM_ESHUTDOWN || r == -SM_ENOPEER) {
			sm_rpc_close(rpc); /* the server went away: find the next one */
			connect_loop(s, &rpc);
		}
	}
}

int crash_rpc_finish(void)
{
	uint64_t ok = atomic_load(&crash->calls_ok), bad = atomic_load(&crash->calls_bad);
	uint64_t failed = atomic_load(&crash->calls_failed_ok);
	printf("rpc: %llu calls answered correctly, %llu failed with an error that says why (",
	       (unsigned long long)ok, (unsigned long long)failed);
	const char *sep = "";
	for (unsigned i = 1; i < sizeof allowed / sizeof *allowed; i++) {
		uint64_t n = atomic_load(&crash->call_errors[i]);
		if (n) {
			printf("%s%s %llu", sep, crash_rpc_error_name(i), (unsigned long long)n);
			sep = ", ";
		}
	}
	printf("), %llu wrong; %llu connects, %llu requests handled, slowest call %llu ms\n",
	       (unsigned long long)bad, (unsigned long long)atomic_load(&crash->connects),
	       (unsigned long long)atomic_load(&crash->handled),
	       (unsigned long long)(atomic_load(&crash->slowest_call_ns) / 1000000u));
	if (ok == 0)
		crash_fail("no RPC call got through");
	return bad == 0 && ok > 0 ? 0 : -1;
}
