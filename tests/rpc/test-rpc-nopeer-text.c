/* test-rpc-nopeer-text.c — -SM_ENOPEER comes to both sides: a client
 * finds no server, a server's call finds no client (none connected, or
 * the one it went to left).  Its sentence read "no server on this
 * channel", wrong where a server shows it for its own call. */
#include "rpctest.h"

#include <string.h>

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcnopeertext");
	const char *text = sm_strerror(-SM_ENOPEER);

	/* Client side: no server. */
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	o.connect_timeout_ms = 0;
	sm_rpc *cli;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), -SM_ENOPEER);
	CHECK(strstr(text, "no server") != NULL);

	/* Server side: no client. */
	sm_rpc *srv = rt_create_server(rt_echo_handler, 0, 0);
	CHECK_EQ(sm_rpc_call(srv, "x", 1, NULL, 100), -SM_ENOPEER);
	if (!strstr(text, "client"))
		fprintf(stderr, "a server's call with no client reads: %s\n", text);
	CHECK(strstr(text, "client") != NULL);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
