/* test-rpc-broken-dead.c — connect to a channel refused for its params
 * (another protocol version, or params corrupted) whose server is dead
 * says so: it said "no server" (-SM_ENOPEER) after its connect timeout,
 * and waited forever with none (-1), though no server of this library can
 * ever serve that file (a server's create, --replace-stale too, refuses
 * the taken name until `rm --force` removes it).  With its server alive it
 * already said so at once. */
#include "rpctest.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define PARAMS_OFFSET 112 /* the header's params block: version, ..., node_count (+12) */

/* A server that dies without closing, leaving the channel's files. */
static int create_and_die(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	sm_rpc *srv = NULL;
	_exit(sm_rpc_create(&srv, rt_name, &o) == 0 ? 0 : 1);
}

static void patch_u32(off_t offset, uint32_t value)
{
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", rt_name);
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, &value, sizeof value, offset) == (ssize_t)sizeof value);
	close(fd);
}

static void refused(const char *tag, off_t offset, uint32_t value, int want)
{
	rt_name = t_name(tag);
	struct rt_child c;
	rt_spawn(&c, create_and_die, NULL, 0);
	CHECK_EQ(rt_finish(&c), 0);
	patch_u32(offset, value);
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	o.connect_timeout_ms = -1;
	sm_rpc *cli = NULL;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), want);
	CHECK(cli == NULL);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	alarm(30); /* a hang is the failure: SIGALRM ends the test */
	refused("rpcbrokenver", PARAMS_OFFSET, 2, -SM_EVERSION);
	refused("rpcbrokennodes", PARAMS_OFFSET + 12, 0, -SM_EBADHEADER);
	return 0;
}
