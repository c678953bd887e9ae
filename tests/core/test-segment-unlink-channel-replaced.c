/* test-segment-unlink-channel-replaced.c — sm_segment_unlink() of an RPC
 * channel (`sharedmem rm`) removes that channel's two rings, not whatever
 * rings are under their names by then.  Here a stale channel is removed
 * while a new server (SM_CREATE_REPLACE_STALE) makes the channel again,
 * running just after rm's unlink of the channel's name (this test's
 * unlink() lets it in there): it takes the free name and replaces the
 * stale rings with its own.  rm then removed the new server's rings by
 * name, and the new channel could never be connected to.  With and
 * without --force. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const char *name;
static char armed_path[128];
static sm_rpc *fresh;
static int fresh_rc = 1;

static void channel_options(struct sm_rpc_options *o)
{
	sm_rpc_options_init(o);
	o->node_count = 2;
	o->packet_size = 256;
	o->flags = SM_CREATE_REPLACE_STALE;
}

/* A t_fork() child: a channel (and its rings) left behind by a server
 * that died without closing it. */
static int leave_stale_channel(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	channel_options(&o);
	sm_rpc *rpc;
	return sm_rpc_create(&rpc, name, &o) == 0 ? 0 : 1;
}

/* Every unlink() of this program, the library's included (it is linked
 * in statically); the armed path's unlink lets the new server in once the
 * old channel's name is gone. */
int unlink(const char *path)
{
	int r = unlinkat(AT_FDCWD, path, 0);
	if (armed_path[0] && strcmp(path, armed_path) == 0) {
		armed_path[0] = '\0';
		struct sm_rpc_options o;
		channel_options(&o);
		fresh_rc = sm_rpc_create(&fresh, name, &o);
	}
	return r;
}

static void remove_replaced(const char *tag, bool force)
{
	name = t_name(tag);
	static char rings[4][96];
	static int n;
	for (int i = 0; i < 2; i++, n++) {
		snprintf(rings[n], sizeof rings[n], "%s%s", name,
			 i ? SM_RPC_S2C_SUFFIX : SM_RPC_C2S_SUFFIX);
		t_remove_at_exit(rings[n]);
	}
	CHECK_EQ(t_wait(t_fork(leave_stale_channel, NULL)), 0);
	snprintf(armed_path, sizeof armed_path, "/dev/shm/sm.%s", name);
	CHECK_EQ(sm_segment_unlink(name, force), 0);
	CHECK(armed_path[0] == '\0'); /* the new server ran */
	CHECK_EQ(fresh_rc, 0);
	CHECK_EQ(sm_rpc_still_named(fresh), 1);
	sm_rpc_close(fresh);
	fresh_rc = 1;
}

int main(void)
{
	remove_replaced("unlink-ch-replaced", false);
	remove_replaced("unlink-ch-replaced-force", true);
	return T_EXIT_PASS;
}
