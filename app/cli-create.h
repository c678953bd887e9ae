/* cli-create.h — `sharedmem create KIND NAME …` and `sharedmem rm NAME`. */
#ifndef SM_CLI_CREATE_H
#define SM_CLI_CREATE_H

int cli_create(int argc, char **argv);
int cli_rm(int argc, char **argv);

#endif
