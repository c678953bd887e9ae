/* cli-traffic.h — `sharedmem traffic produce|consume NAME`: stamped,
 * verified traffic on a ring (the workbench's traffic generator runs
 * these as child processes). */
#ifndef SM_CLI_TRAFFIC_H
#define SM_CLI_TRAFFIC_H

int cli_traffic(int argc, char **argv);

#endif
