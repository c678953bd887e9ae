/* sm_rpc_still_named(): whether a channel's three names (the channel
 * segment and its two rings) still lead to a handle's mappings.  Yes for
 * server and client while they stand; -ENOENT for both once the channel
 * is removed as `sharedmem rm` does (the pair still talks over its
 * mappings, but nobody can connect); 0 once a new server created it
 * again, whose names the old pair's close leaves alone; a ring alone
 * removed or replaced counts too.  And sm_rpc_connect() refuses a channel
 * segment renamed over another channel's name (-SM_ENOPEER): the rings
 * under that name are another server's, which would never answer. */
#include "rpctest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void shm_path(char *buf, size_t size, const char *name, const char *suffix)
{
	snprintf(buf, size, "/dev/shm/sm.%s%s", name, suffix);
}

/* One echo call over `cli`: the mapping still works. */
static void echo_works(sm_rpc *cli)
{
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, "ping", 4, &res, 5000), 0);
	CHECK(res.len == 4 && memcmp(res.data, "ping", 4) == 0);
	sm_rpc_result_free(&res);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	const char *name = t_name("rpc-still-named");
	const char *other = t_name("rpc-still-named-other");
	const char *spare = t_name("rpc-still-named-ring");
	char path[128], other_path[128], ring_path[128], spare_path[128], ring_name[SM_NAME_MAX + 1];
	shm_path(path, sizeof path, name, "");
	shm_path(other_path, sizeof other_path, other, "");
	shm_path(ring_path, sizeof ring_path, name, SM_RPC_C2S_SUFFIX);
	shm_path(spare_path, sizeof spare_path, spare, "");
	snprintf(ring_name, sizeof ring_name, "%s%s", name, SM_RPC_C2S_SUFFIX);
	struct sm_rpc_options o;
	rt_options(&o, rt_echo_handler);
	sm_rpc *srv, *cli, *next, *late;

	CHECK_EQ(sm_rpc_still_named(NULL), -EINVAL);
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	CHECK_EQ(sm_rpc_connect(&cli, name, &o), 0);
	CHECK_EQ(sm_rpc_still_named(srv), 1);
	CHECK_EQ(sm_rpc_still_named(cli), 1);

	/* Removed, rings and all: gone for both sides, which still talk;
	 * nobody else can connect. */
	CHECK_EQ(sm_segment_unlink(name, false), 0);
	CHECK_EQ(sm_rpc_still_named(srv), -ENOENT);
	CHECK_EQ(sm_rpc_still_named(cli), -ENOENT);
	echo_works(cli);
	o.connect_timeout_ms = 0;
	CHECK_EQ(sm_rpc_connect(&late, name, &o), -SM_ENOPEER);

	/* Created again by another server: the old pair's names now lead to
	 * another channel, and its close leaves that channel's names alone. */
	CHECK_EQ(sm_rpc_create(&next, name, &o), 0);
	CHECK_EQ(sm_rpc_still_named(next), 1);
	CHECK_EQ(sm_rpc_still_named(srv), 0);
	CHECK_EQ(sm_rpc_still_named(cli), 0);
	echo_works(cli);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	CHECK_EQ(sm_rpc_still_named(next), 1);
	CHECK_EQ(sm_rpc_connect(&late, name, &o), 0);
	CHECK_EQ(sm_rpc_still_named(late), 1);
	echo_works(late);
	sm_rpc_close(late);

	/* One ring replaced by another ring renamed over it, then removed:
	 * the channel is no longer whole. */
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, spare, 4, 64, NULL), 0);
	CHECK_EQ(rename(spare_path, ring_path), 0);
	CHECK_EQ(sm_rpc_still_named(next), 0);
	CHECK_EQ(sm_segment_unlink(ring_name, true), 0);
	CHECK_EQ(sm_rpc_still_named(next), -ENOENT);
	sm_ring_close(ring);
	sm_rpc_close(next);

	/* Another server's channel segment renamed over this channel's name:
	 * its rings stay under their own names, so the rings under this name
	 * are this server's, and a client would send into them for nobody. */
	struct rt_child child;
	struct rt_serve s = { .server = true, .handler = RT_ECHO };
	rt_name = other;
	rt_spawn(&child, rt_serve_main, &s, sizeof s);
	o.connect_timeout_ms = 5000;
	CHECK_EQ(sm_rpc_connect(&late, other, &o), 0); /* the child serves */
	sm_rpc_close(late);
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	CHECK_EQ(rename(other_path, path), 0);
	CHECK_EQ(sm_rpc_still_named(srv), 0);
	o.connect_timeout_ms = 0;
	CHECK_EQ(sm_rpc_connect(&late, name, &o), -SM_ENOPEER);
	sm_rpc_close(srv);
	CHECK_EQ(rt_finish(&child), 0);
	return T_EXIT_PASS;
}
