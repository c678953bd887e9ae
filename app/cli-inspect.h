/* cli-inspect.h — `sharedmem inspect NAME`. */
#ifndef SM_CLI_INSPECT_H
#define SM_CLI_INSPECT_H

int cli_inspect(int argc, char **argv);

#endif
