/* test-ring-rtt-mode: the round trips of `sharedmem bench ring` go through
 * rings of the mode it was given (--ring-mode), as its other rows do and
 * as its header ("ring: ... spsc") says.  They were always mpmc, so an
 * spsc run's round-trip latency was an mpmc ring's. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "bench-ring-rtt.h"
#include "bench.h"
#include "sharedmem.h"

#include "../testlib.h"

#define SPSC (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)

static struct smb_rpc_result result;
static int status;

static void *run_round_trips(void *arg)
{
	(void)arg;
	struct smb_rpc_config cfg;
	smb_rpc_config_init(&cfg);
	cfg.seconds = 1;
	status = smb_ring_rtt(&cfg, SPSC, &result);
	return NULL;
}

/* The request ring's mode, opened by name while the round trips run. */
static unsigned request_ring_flags(void)
{
	char name[SM_NAME_MAX + 1];
	snprintf(name, sizeof name, SM_BENCH_RTT_REQ_SEGMENT, (int)getpid());
	uint64_t start = t_now_ms();
	sm_ring *ring;
	while (sm_ring_open(&ring, name, 0) != 0) {
		CHECK(t_now_ms() - start < 10000);
		t_sleep_ms(1);
	}
	unsigned flags = sm_ring_flags(ring);
	sm_ring_close(ring);
	return flags;
}

int main(void)
{
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, run_round_trips, NULL), 0);
	unsigned flags = request_ring_flags();
	pthread_join(t, NULL);
	CHECK_EQ(status, 0);
	CHECK(result.messages > 0 && result.lost == 0 && result.corrupted == 0);
	CHECK_EQ(flags & SPSC, SPSC);
	return T_EXIT_PASS;
}
