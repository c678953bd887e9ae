/* test-rpc-foreign.c — a file under the channel's name that is not a
 * segment (foreign, or cut short) is reported by connect even when it
 * waits for a server with no limit (-1): such a file never becomes a
 * channel (a server's create refuses the taken name), and connect used to
 * retry it forever.  A file being made by a creator gets its header at
 * once, so a moment's retry still covers that. */
#include "rpctest.h"

#include <string.h>
#include <unistd.h>

static void refused(const void *bytes, size_t len)
{
	t_write_file(rt_name, bytes, len);
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	o.connect_timeout_ms = -1;
	sm_rpc *cli = NULL;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), -SM_EBADHEADER);
	CHECK(cli == NULL);
	t_remove_file(rt_name);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcforeign");
	alarm(30); /* a hang is the failure: SIGALRM ends the test */
	static uint8_t junk[8192];
	memset(junk, 0xab, sizeof(junk));
	refused(junk, sizeof(junk));
	refused("garbage", 7);
	return 0;
}
