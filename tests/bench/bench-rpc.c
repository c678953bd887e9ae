/* bench-rpc.c — the RPC benchmark as a standalone program (the CLI wraps
 * the same engine as `sharedmem bench rpc`).  See app/bench/bench-rpc.h. */
#include "bench-rpc.h"

int main(int argc, char **argv)
{
	return smb_rpc_main(argc, argv);
}
