/* rpctest.c — see rpctest.h. */
#include "rpctest.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

static int release_rd = -1;

void rt_spawn(struct rt_child *c, int (*fn)(void *), void *arg)
{
	int fds[2];
	CHECK(pipe(fds) == 0);
	fflush(NULL);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(fds[1]);
		release_rd = fds[0];
		_exit(fn(arg));
	}
	close(fds[0]);
	c->pid = pid;
	c->release_fd = fds[1];
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

int rt_serve_main(void *arg)
{
	const struct rt_serve *s = arg;
	struct sm_rpc_options o;
	rt_options(&o, s->handler);
	o.max_message = s->max_message;
	o.packet_size = s->packet_size;
	o.node_count = s->node_count;
	o.workers = s->workers;
	if (s->spin_us)
		o.spin_us = s->spin_us;
	sm_rpc *rpc;
	int err = s->server ? sm_rpc_create(&rpc, s->name, &o) : sm_rpc_connect(&rpc, s->name, &o);
	if (err) {
		fprintf(stderr, "serve %s: %s\n", s->name, sm_strerror(err));
		return 1;
	}
	rt_wait_release();
	sm_rpc_close(rpc);
	return 0;
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
