/* cli-ring.h — `sharedmem ring put|get`. */
#ifndef SM_CLI_RING_H
#define SM_CLI_RING_H

int cli_ring(int argc, char **argv);

#endif
