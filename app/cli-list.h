/* cli-list.h — `sharedmem list` and `sharedmem gc` (both read discovery). */
#ifndef SM_CLI_LIST_H
#define SM_CLI_LIST_H

int cli_list(int argc, char **argv);
int cli_gc(int argc, char **argv);

#endif
