/* rpctest.c — see rpctest.h. */
#include "rpctest.h"

#include "rpc_internal.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

const char *rt_name;
static int release_rd = -1;

/* Children are this program run anew; the function to run is passed as
 * its offset from rt_init (the same in every run of one executable). */
void rt_init(int argc, char **argv)
{
	if (argc != 6 || strcmp(argv[1], "--rt-child") != 0)
		return;
	uintptr_t off = (uintptr_t)strtoull(argv[2], NULL, 16); /* wraps: may be "negative" */
	int arg_fd = atoi(argv[3]);
	release_rd = atoi(argv[4]);
	rt_name = argv[5];
	static uint8_t arg[4096];
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(arg) && (r = read(arg_fd, arg + n, sizeof(arg) - n)) != 0) {
		if (r < 0 && errno != EINTR)
			exit(T_EXIT_FAIL);
		if (r > 0)
			n += (size_t)r;
	}
	close(arg_fd);
	int (*fn)(void *) = (int (*)(void *))((uintptr_t)rt_init + off);
	exit(fn(arg));
}

void rt_spawn(struct rt_child *c, int (*fn)(void *), const void *arg, size_t arg_size)
{
	int argp[2], rel[2];
	CHECK(arg_size <= 4096);
	CHECK(pipe(argp) == 0 && pipe(rel) == 0);
	if (arg_size)
		CHECK(write(argp[1], arg, arg_size) == (ssize_t)arg_size);
	close(argp[1]);
	char off[32], afd[16], rfd[16];
	snprintf(off, sizeof(off), "%llx", (unsigned long long)((uintptr_t)fn - (uintptr_t)rt_init));
	snprintf(afd, sizeof(afd), "%d", argp[0]);
	snprintf(rfd, sizeof(rfd), "%d", rel[0]);
	fflush(NULL);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(rel[1]);
		execl("/proc/self/exe", "rpc-test-child", "--rt-child", off, afd, rfd,
		      rt_name ? rt_name : "", (char *)NULL);
		_exit(127);
	}
	close(argp[0]);
	close(rel[0]);
	c->pid = pid;
	c->release_fd = rel[1];
}

void rt_wait_release(void)
{
	char b;
	while (read(release_rd, &b, 1) < 0 && errno == EINTR)
		;
}

void rt_release(struct rt_child *c)
{
	if (c->release_fd >= 0)
		close(c->release_fd);
	c->release_fd = -1;
}

int rt_finish(struct rt_child *c)
{
	rt_release(c);
	return t_wait(c->pid);
}

void rt_options(struct sm_rpc_options *o, sm_rpc_handler_fn handler)
{
	sm_rpc_options_init(o);
	o->handler = handler;
	o->connect_timeout_ms = 5000;
	o->spin_us = 20;
}

void rt_serve_custom(struct rt_serve *s, sm_rpc_handler_fn fn)
{
	s->handler = RT_CUSTOM;
	s->custom = (int64_t)((uintptr_t)fn - (uintptr_t)rt_init);
}

static sm_rpc_handler_fn handler_of(const struct rt_serve *s)
{
	switch (s->handler) {
	case RT_CUSTOM: return (sm_rpc_handler_fn)((uintptr_t)rt_init + (uintptr_t)s->custom);
	case RT_SUM:   return rt_sum_handler;
	case RT_ECHO:  return rt_echo_handler;
	case RT_ERROR: return rt_error_handler;
	case RT_SLOW:  return rt_slow_handler;
	default:       return NULL;
	}
}

int rt_calling_client_main(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	rt_options(&o, rt_slow_handler);
	sm_rpc *cli;
	if (sm_rpc_connect(&cli, rt_name, &o) != 0)
		return 1;
	struct sm_rpc_result res;
	sm_rpc_call(cli, "x", 1, &res, -1);
	rt_wait_release();
	return 0;
}

int rt_serve_main(void *arg)
{
	const struct rt_serve *s = arg;
	struct sm_rpc_options o;
	rt_options(&o, handler_of(s));
	o.max_message = s->max_message;
	o.packet_size = s->packet_size;
	o.node_count = s->node_count;
	o.workers = s->workers;
	if (s->spin_us)
		o.spin_us = s->spin_us;
	sm_rpc *rpc;
	int err = s->server ? sm_rpc_create(&rpc, rt_name, &o) : sm_rpc_connect(&rpc, rt_name, &o);
	if (err) {
		fprintf(stderr, "serve %s: %s\n", rt_name, sm_strerror(err));
		return 1;
	}
	rt_wait_release();
	sm_rpc_close(rpc);
	return 0;
}

sm_rpc *rt_serve_and_connect(struct rt_child *c, const struct rt_serve *s)
{
	rt_spawn(c, rt_serve_main, s, sizeof(*s));
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	sm_rpc *cli = NULL;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	return cli;
}

sm_rpc *rt_create_server(sm_rpc_handler_fn handler, uint32_t packet_size, uint32_t node_count)
{
	struct sm_rpc_options o;
	rt_options(&o, handler);
	o.packet_size = packet_size;
	o.node_count = node_count;
	sm_rpc *srv = NULL;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	return srv;
}

int rt_connect(sm_rpc **cli)
{
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	return sm_rpc_connect(cli, rt_name, &o);
}

int rt_two_timed_out_calls(sm_rpc *rpc)
{
	uint8_t req[16];
	memset(req, 0xaa, sizeof(req));
	struct sm_rpc_result res;
	for (int i = 0; i < 2; i++)
		if (sm_rpc_call(rpc, req, sizeof(req), &res, 50) != -ETIMEDOUT)
			return 2 + i;
	return 0;
}

uint32_t rt_partials_left(sm_rpc *rpc)
{
	uint32_t active = 1;
	for (int i = 0; i < 200 && active; i++) {
		t_sleep_ms(10);
		while (!smi_rpc_try_lead(rpc)) /* the reassembler is the reader's */
			t_sleep_ms(1);
		active = rpc->reasm.active;
		smi_rpc_unlead(rpc);
	}
	return active;
}

int rt_sum_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < req->len; i++)
		sum = (uint8_t)(sum + ((const uint8_t *)req->data)[i]);
	return sm_rpc_reply_set(reply, &sum, 1);
}

int rt_echo_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	return sm_rpc_reply_set(reply, req->data, req->len);
}

int rt_error_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	return sm_rpc_reply_error(reply, -EINVAL, "bad input %zu", req->len);
}

int rt_slow_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	if (req->len)
		t_sleep_ms(((const uint8_t *)req->data)[0] * 10);
	return sm_rpc_reply_set(reply, req->data, req->len);
}

int rt_leaving_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)req;
	__atomic_store_n((int *)user, 1, __ATOMIC_SEQ_CST);
	while (sm_rpc_reply_set(reply, NULL, 0) == 0) /* refused once the handle closes */
		t_sleep_ms(1);
	return 0;
}

static uint8_t byte_at(size_t i, uint32_t seed)
{
	uint32_t x = (uint32_t)i * 2654435761u ^ seed;
	x ^= x >> 13;
	return (uint8_t)(x * 0x5bd1e995u >> 24);
}

void rt_fill(void *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = byte_at(i, seed);
}

int rt_check(const void *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++)
		if (((const uint8_t *)buf)[i] != byte_at(i, seed))
			return 0;
	return 1;
}

int rt_flood(sm_rpc *rpc, uint32_t max, sm_rpc_done_fn done, int *err)
{
	int started = 0;
	*err = 0;
	for (uint32_t i = 0; i < max; i++) {
		*err = sm_rpc_call_async(rpc, &i, sizeof i, 50, done, NULL, NULL);
		if (*err)
			break;
		started++;
	}
	return started;
}

bool rt_await_responses_sent(sm_rpc *rpc, uint64_t above)
{
	struct sm_rpc_stats st;
	for (uint64_t start = t_now_ms(); t_now_ms() - start < 10000;) {
		if (sm_rpc_stats(rpc, &st) == 0 &&
		    (sm_rpc_is_server(rpc) ? st.server : st.client).responses_sent > above)
			return true;
	}
	return false;
}
