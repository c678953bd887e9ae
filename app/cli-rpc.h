/* cli-rpc.h — `sharedmem rpc serve|call`. */
#ifndef SM_CLI_RPC_H
#define SM_CLI_RPC_H

int cli_rpc(int argc, char **argv);

#endif
