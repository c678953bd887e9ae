/* rpc_channel.c — the channel's lifecycle: create (server), connect
 * (client, claiming the one client slot), close (also from inside a
 * handler), accessors and read-only monitors. */
#include "kind_params.h"
#include "ring_internal.h"
#include "rpc_internal.h"
#include "segment_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_POLL_NS 5000000
#define BAD_HEADER_GRACE_NS 1000000000 /* a creator writes its header at once */

void sm_rpc_options_init(struct sm_rpc_options *opts)
{
	if (!opts)
		return;
	memset(opts, 0, sizeof(*opts));
	opts->spin_us = -1;
}

static int check_name(const char *name)
{
	int err = sm_name_validate(name);
	if (err)
		return err;
	return strlen(name) > SM_RPC_NAME_MAX ? -ENAMETOOLONG : 0;
}

const char *const smi_rpc_ring_suffixes[SMI_RPC_RINGS] = {
	[SMI_RPC_RING_C2S] = SM_RPC_C2S_SUFFIX,
	[SMI_RPC_RING_S2C] = SM_RPC_S2C_SUFFIX,
};

void smi_rpc_ring_name(char *buf, size_t size, const char *name, enum smi_rpc_ring ring)
{
	snprintf(buf, size, "%s%s", name, smi_rpc_ring_suffixes[ring]);
}

/* Whether `ring` (a summary) is a ring that `channel`'s creator made. */
static bool ring_of(const struct sm_segment_info *ring, const struct sm_segment_info *channel)
{
	return ring->status == 0 && ring->kind == SM_KIND_RING &&
	       ring->header.creator_pid == channel->header.creator_pid &&
	       ring->header.creator_start_time == channel->header.creator_start_time;
}

/* Whether `channel` (a summary) has an RPC channel's sound header, its
 * creator known: also a channel refused for its params (another protocol
 * version, or corrupted), which only a forced removal takes, rings too. */
static bool channel_header(const struct sm_segment_info *channel)
{
	if (channel->status == 0)
		return channel->kind == SM_KIND_RPC;
	return channel->header.kind == SM_KIND_RPC && /* (zero where none was read) */
	       smi_header_validate(&channel->header, channel->file_size) == 0;
}

_Static_assert(sizeof(((struct smi_rpc_rings *)0)->fd) / sizeof(int) == SMI_RPC_RINGS,
	       "struct smi_rpc_rings holds one fd per ring of a channel");

void smi_rpc_rings_hold(const char *name, const struct sm_segment_info *channel,
			struct smi_rpc_rings *rings)
{
	bool is_channel = channel_header(channel);
	for (int i = 0; i < SMI_RPC_RINGS; i++) {
		char rn[SM_NAME_MAX + 1];
		struct sm_segment_info info;
		smi_rpc_ring_name(rn, sizeof(rn), name, i);
		rings->fd[i] = is_channel ? smi_shm_open(rn, true) : -1;
		if (rings->fd[i] < 0)
			continue;
		smi_segment_stat_fd(rn, rings->fd[i], &info);
		if (!ring_of(&info, channel)) {
			close(rings->fd[i]);
			rings->fd[i] = -1;
		}
	}
}

void smi_rpc_rings_release(const char *name, struct smi_rpc_rings *rings, bool unlink)
{
	for (int i = 0; i < SMI_RPC_RINGS; i++) {
		char rn[SM_NAME_MAX + 1];
		if (rings->fd[i] < 0)
			continue;
		smi_rpc_ring_name(rn, sizeof(rn), name, i);
		/* checked under the ring's lock, as every remover does */
		if (unlink)
			smi_shm_unlink_own(rn, rings->fd[i]);
		close(rings->fd[i]);
		rings->fd[i] = -1;
	}
}

/* The node size in a sound ring's summary. */
static uint32_t ring_node_size(const struct sm_segment_info *ring)
{
	struct smi_ring_params p;
	memcpy(&p, ring->header.params, sizeof(p));
	return p.node_size;
}

const char *smi_rpc_ring_error_text(const char *name, const struct sm_segment_info *channel,
				    int err, char *buf, size_t size)
{
	struct smi_rpc_params p;
	memcpy(&p, channel->header.params, sizeof(p));
	int other_size = -1; /* the first sound ring whose nodes are not packets */
	uint32_t its_size = 0;
	for (int i = 0; i < SMI_RPC_RINGS; i++) {
		char rn[SM_NAME_MAX + 1];
		struct sm_segment_info info;
		smi_rpc_ring_name(rn, sizeof(rn), name, i);
		if (smi_segment_stat_header(rn, &info) < 0)
			continue;
		if (info.status == err) {
			char reason[SM_INFO_REASON_SIZE];
			/* The suffix, not the ring's whole name: the channel's is
			 * said beside this, and both fit the buffer. */
			snprintf(buf, size, "its %s ring: %s", smi_rpc_ring_suffixes[i],
				 sm_segment_info_reason(&info, reason, sizeof(reason)));
			return buf;
		}
		if (other_size < 0 && info.status == 0 && info.kind == SM_KIND_RING &&
		    ring_node_size(&info) != p.packet_size) {
			other_size = i;
			its_size = ring_node_size(&info);
		}
	}
	/* Both opened: a connect then checks their node size. */
	if (err != -SM_EBADHEADER || other_size < 0)
		return NULL;
	snprintf(buf, size, "its %s ring's node size (%u) is not its packet size (%u)",
		 smi_rpc_ring_suffixes[other_size], its_size, p.packet_size);
	return buf;
}

bool sm_rpc_is_channel_ring(const char *name)
{
	size_t len = name ? strlen(name) : 0;
	for (int i = 0; i < SMI_RPC_RINGS; i++) {
		size_t sl = strlen(smi_rpc_ring_suffixes[i]);
		if (len <= sl || strcmp(name + len - sl, smi_rpc_ring_suffixes[i]) != 0)
			continue;
		char channel[SM_NAME_MAX + 1];
		struct sm_segment_info info;
		snprintf(channel, sizeof(channel), "%.*s", (int)(len - sl), name);
		return smi_segment_stat_header(channel, &info) == 0 && info.status == 0 &&
		       info.kind == SM_KIND_RPC;
	}
	return false;
}

/* The waiting policy a negative spin_us asks for: a round trip with
 * spinning keeps two threads busy (the caller, reading its response
 * itself, and the server's receiving thread), which pays when there are
 * cores to spare (see rpc.h). */
int32_t sm_rpc_spin_us_used(int32_t spin_us)
{
	if (spin_us >= 0)
		return spin_us;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus >= SM_RPC_SPIN_MIN_CPUS ? SM_RPC_DEFAULT_SPIN_US : 0;
}

static sm_rpc *handle_new(const char *name, bool server, const struct sm_rpc_options *o)
{
	sm_rpc *rpc = calloc(1, sizeof(*rpc));
	if (!rpc)
		return NULL;
	snprintf(rpc->name, sizeof(rpc->name), "%s", name);
	rpc->server = server;
	rpc->self = smi_proc_self();
	pthread_mutex_init(&rpc->abort_lock, NULL);
	pthread_mutex_init(&rpc->handler_lock, NULL);
	pthread_mutex_init(&rpc->peer_lock, NULL);
	smi_rpc_calls_init(&rpc->calls);
	rpc->handler = o->handler;
	rpc->handler_user = o->handler_user;
	atomic_store(&rpc->spin_us, sm_rpc_spin_us_used(o->spin_us));
	return rpc;
}

/* Adopt the channel's configuration from its segment. */
static void adopt(sm_rpc *rpc, sm_segment *seg)
{
	const struct smi_rpc_params *p = smi_segment_params(seg);
	rpc->seg = seg;
	rpc->sh = sm_segment_payload(seg);
	rpc->max_message = p->max_message;
	rpc->packet_size = p->packet_size;
	rpc->payload = p->packet_size - SM_RPC_PACKET_HEADER;
	rpc->node_count = p->node_count;
	rpc->mine = &rpc->sh->stats[rpc->server ? 0 : 1];
	smi_rpc_reasm_init(&rpc->reasm, rpc->max_message, rpc->payload);
}

static void handle_free(sm_rpc *rpc)
{
	smi_rpc_reasm_reset(&rpc->reasm);
	smi_rpc_calls_destroy(&rpc->calls);
	pthread_mutex_destroy(&rpc->abort_lock);
	pthread_mutex_destroy(&rpc->handler_lock);
	pthread_mutex_destroy(&rpc->peer_lock);
	free(rpc);
}

/* Common start of create and connect: options (NULL = defaults) copied to
 * *o and checked (the channel configuration only by the server). */
static int begin(sm_rpc **out, const char *name, const struct sm_rpc_options *opts,
		 struct sm_rpc_options *o, bool server)
{
	if (opts)
		*o = *opts;
	else
		sm_rpc_options_init(o);
	if (!out)
		return -EINVAL;
	*out = NULL;
	int err = check_name(name);
	if (err)
		return err;
	if (o->workers > SM_RPC_MAX_WORKERS)
		return -EINVAL;
	if (!server)
		return 0;
	if (o->max_message > SM_RPC_MAX_MESSAGE_LIMIT || o->node_count == 1)
		return -EINVAL;
	if (o->packet_size && (o->packet_size < SM_RPC_MIN_PACKET_SIZE ||
			       o->packet_size > SM_RPC_MAX_PACKET_SIZE))
		return -EINVAL;
	return 0;
}

static void release_slot(sm_rpc *rpc);

/* Give back what a handle holds (threads already stopped).  The server's
 * ring closes shut the rings down before the channel segment goes, so its
 * client sees -SM_ESHUTDOWN rather than a vanished peer. */
static void teardown(sm_rpc *rpc)
{
	if (!rpc->server)
		release_slot(rpc);
	/* The channel segment before the rings: a server's close shuts the
	 * channel down before any of its three names goes, so a client that
	 * finds a name gone on a channel not shut down knows it was removed
	 * from outside (sm_rpc_still_named()). */
	sm_segment_close(rpc->seg);
	sm_ring_close(rpc->tx);
	sm_ring_close(rpc->rx);
	handle_free(rpc);
}

/* End of create/connect: hand out the handle, or undo on error. */
static int opened(sm_rpc **out, sm_rpc *rpc, int err)
{
	if (err) {
		teardown(rpc);
		return err;
	}
	*out = rpc;
	return 0;
}

int sm_rpc_create(sm_rpc **out, const char *name, const struct sm_rpc_options *opts)
{
	struct sm_rpc_options ob;
	const struct sm_rpc_options *o = &ob;
	int err = begin(out, name, opts, &ob, true);
	if (err)
		return err;

	struct smi_rpc_params p = {
		.version = SMI_RPC_VERSION,
		.max_message = o->max_message ? o->max_message : SM_RPC_DEFAULT_MAX_MESSAGE,
		.packet_size = o->packet_size ? o->packet_size : SM_RPC_DEFAULT_PACKET_SIZE,
		.node_count = o->node_count ? o->node_count : SM_RPC_DEFAULT_NODE_COUNT,
	};
	struct sm_segment_options so = { o->label, o->mode, o->flags };
	sm_rpc *rpc = handle_new(name, true, o);
	if (!rpc)
		return -ENOMEM;
	sm_segment *seg;
	err = sm_segment_create(&seg, name, SM_KIND_RPC, sizeof(struct smi_rpc_shared), &p,
				sizeof(p), &so);
	if (err) {
		handle_free(rpc);
		return err;
	}
	adopt(rpc, seg);
	memset(&rpc->sh->conn, 0, sizeof(rpc->sh->conn));
	smi_rpc_stats_init(&rpc->sh->stats[0]);
	smi_rpc_stats_init(&rpc->sh->stats[1]);

	char rn[SM_NAME_MAX + 1];
	smi_rpc_ring_name(rn, sizeof(rn), name, SMI_RPC_RING_C2S);
	err = sm_ring_create(&rpc->rx, rn, p.node_count, p.packet_size, &so);
	if (!err) {
		smi_rpc_ring_name(rn, sizeof(rn), name, SMI_RPC_RING_S2C);
		err = sm_ring_create(&rpc->tx, rn, p.node_count, p.packet_size, &so);
	}
	if (!err) {
		sm_segment_publish(seg); /* the rings exist before a client can see it */
		err = smi_rpc_threads_start(rpc, o->workers);
	}
	return opened(out, rpc, err);
}

/* Open the channel segment, waiting for a live server until the deadline.
 * Params that this library refuses come first: no server of ours can ever
 * serve that file (a creator refuses the taken name), dead or alive. */
static int open_server(sm_segment **seg, const char *name, const struct smi_deadline *dl)
{
	uint64_t bad_since = 0;
	for (;;) {
		int err = sm_segment_open(seg, name, SM_KIND_RPC, 0);
		if (!err) {
			err = smi_rpc_params_check(smi_segment_params(*seg), sm_segment_payload_size(*seg));
			if (err) {
				sm_segment_close(*seg);
				return err;
			}
			if (sm_segment_is_shutdown(*seg))
				err = -SM_ESHUTDOWN;
			else if (!sm_segment_owner_alive(*seg))
				err = -SM_ENOPEER;
			if (!err)
				return 0;
			sm_segment_close(*seg);
		} else if (err == -ENOENT || err == -SM_ENOTREADY || err == -SM_EABANDONED) {
			err = -SM_ENOPEER;
		} else if (err == -SM_EBADHEADER) {
			/* A file created a moment ago (without O_TMPFILE) has no
			 * header yet: retry a while.  One that stays broken is
			 * not a channel being made, and never will be one. */
			uint64_t now = smi_now_ns();
			if (!bad_since)
				bad_since = now;
			else if (now - bad_since >= BAD_HEADER_GRACE_NS)
				return err;
		} else {
			return err;
		}
		int64_t left = smi_deadline_left_ns(dl);
		if (left == 0)
			return err;
		struct timespec ts = { 0, left < CONNECT_POLL_NS ? left : CONNECT_POLL_NS };
		nanosleep(&ts, NULL);
	}
}

void (*smi_rpc_claim_hook)(void);

/* Move our claim of the slot from `from` to `to` (false: it is not ours
 * any more).  Release: what we wrote before is seen with the new state. */
static bool slot_advance(sm_rpc *rpc, uint32_t from, uint32_t to)
{
	union smi_rpc_slot mine = { .pid = rpc->self.pid, .state = from };
	return smi_rpc_slot_cas(&rpc->sh->conn, mine, rpc->self.pid, to);
}

/* Claim the client slot: free, or held by a dead process.  The claim
 * word goes to (our pid, FREE) in one CAS, so the server's check, which
 * ignores FREE, never judges our pid by the dead client's start time;
 * our start time is written before the state leaves FREE. */
static int claim_slot(sm_rpc *rpc)
{
	struct smi_rpc_conn *c = &rpc->sh->conn;
	for (;;) {
		union smi_rpc_slot cur = smi_rpc_slot_load(c);
		if (cur.pid != 0 && smi_rpc_slot_holder_alive(c, cur))
			return -EBUSY;
		if (smi_rpc_slot_cas(c, cur, rpc->self.pid, SMI_CLIENT_FREE))
			break;
	}
	if (smi_rpc_claim_hook)
		smi_rpc_claim_hook();
	__atomic_store_n(&c->client_start_time, rpc->self.start_time, __ATOMIC_RELAXED);
	return slot_advance(rpc, SMI_CLIENT_FREE, SMI_CLIENT_CONNECTING) ? 0 : -EBUSY;
}

static void release_slot(sm_rpc *rpc)
{
	struct smi_rpc_conn *c = &rpc->sh->conn;
	if (sm_segment_is_readonly(rpc->seg))
		return;
	union smi_rpc_slot cur = smi_rpc_slot_load(c);
	if (cur.pid != rpc->self.pid)
		return; /* the server reclaimed it */
	/* Release pairs with the next client's acquire of the claim word. */
	if (!smi_rpc_slot_cas(c, cur, 0, SMI_CLIENT_FREE))
		return;
	__atomic_fetch_add(&c->conn_seq, 1, __ATOMIC_RELEASE);
	smi_futex_wake(&c->conn_seq, INT32_MAX);
}

/* Was `ring` made by the process that made the channel segment, as a
 * server makes all three?  Not when another channel's segment was renamed
 * over this channel's name: the rings under the names are then another
 * server's, which would never see our requests (its client slot is in
 * another segment), and a call would wait for its deadline. */
static bool made_by_creator(const sm_segment *channel, const sm_ring *ring)
{
	const struct sm_header *c = sm_segment_header(channel);
	const struct sm_header *r = sm_segment_header(sm_ring_segment(ring));
	return r->creator_pid == c->creator_pid && r->creator_start_time == c->creator_start_time;
}

int sm_rpc_connect(sm_rpc **out, const char *name, const struct sm_rpc_options *opts)
{
	struct sm_rpc_options ob;
	const struct sm_rpc_options *o = &ob;
	int err = begin(out, name, opts, &ob, false);
	if (err)
		return err;

	struct smi_deadline dl = smi_deadline_from_ms(o->connect_timeout_ms);
	sm_segment *seg;
	if ((err = open_server(&seg, name, &dl)))
		return err;
	sm_rpc *rpc = handle_new(name, false, o);
	if (!rpc) {
		sm_segment_close(seg);
		return -ENOMEM;
	}
	adopt(rpc, seg);
	if ((err = claim_slot(rpc))) {
		sm_segment_close(seg);
		handle_free(rpc);
		return err;
	}

	char rn[SM_NAME_MAX + 1];
	smi_rpc_ring_name(rn, sizeof(rn), name, SMI_RPC_RING_C2S);
	err = sm_ring_open(&rpc->tx, rn, 0);
	if (!err) {
		smi_rpc_ring_name(rn, sizeof(rn), name, SMI_RPC_RING_S2C);
		err = sm_ring_open(&rpc->rx, rn, 0);
	}
	if (!err && (sm_ring_node_size(rpc->tx) != rpc->packet_size ||
		     sm_ring_node_size(rpc->rx) != rpc->packet_size))
		err = -SM_EBADHEADER;
	if (!err && (!made_by_creator(seg, rpc->tx) || !made_by_creator(seg, rpc->rx)))
		err = -SM_ENOPEER;
	if (err == -ENOENT)
		err = -SM_ENOPEER;

	struct smi_rpc_conn *c = &rpc->sh->conn;
	if (!err) {
		rpc->epoch = __atomic_add_fetch(&c->epoch, 1, __ATOMIC_RELAXED);
		if (rpc->epoch == 0) /* it stands for no client (rx_epoch()) */
			rpc->epoch = __atomic_add_fetch(&c->epoch, 1, __ATOMIC_RELAXED);
		/* Call ids unique across connections too: a reply meant for an
		 * earlier client can never match one of ours by id either. */
		rpc->calls.next_id = ((uint64_t)rpc->epoch << 32) | 1u;
		__atomic_fetch_add(&c->connections, 1, __ATOMIC_RELAXED);
		/* in_flight is the slot holder's live state: a client killed
		 * with calls pending never took them back out. */
		__atomic_store_n(&rpc->mine->in_flight, 0, __ATOMIC_RELAXED);
		/* Release: the server's acquire of the claim word sees the
		 * epoch and our identity. */
		if (!slot_advance(rpc, SMI_CLIENT_CONNECTING, SMI_CLIENT_CONNECTED))
			err = -EBUSY;
	}
	if (!err) {
		__atomic_fetch_add(&c->conn_seq, 1, __ATOMIC_RELEASE);
		smi_futex_wake(&c->conn_seq, INT32_MAX);
		err = smi_rpc_threads_start(rpc, o->workers);
	}
	return opened(out, rpc, err);
}

static void close_now(sm_rpc *rpc)
{
	/* A handler may be waiting on a nested call (with no deadline, for a
	 * peer that may never answer): fail pending calls before waiting for
	 * the threads.  With `stop` set first, a call started after this
	 * fails in its send (smi_rpc_peer_status()). */
	atomic_store(&rpc->stop, true);
	smi_rpc_calls_fail_all(rpc, -SM_ESHUTDOWN, false, 0);
	smi_rpc_threads_stop(rpc);
	smi_rpc_calls_fail_all(rpc, -SM_ESHUTDOWN, false, 0);
	/* No receiving thread now: close runs the completions (rpc.h). */
	smi_rpc_run_handed(rpc);
	teardown(rpc);
}

static void *close_thread(void *arg)
{
	close_now(arg);
	return NULL;
}

void sm_rpc_close(sm_rpc *rpc)
{
	if (!rpc)
		return;
	/* Once: a completion that the close runs (-SM_ESHUTDOWN), on this
	 * thread or the receiving thread, may close the handle too. */
	if (atomic_exchange(&rpc->closing, 1))
		return;
	if (smi_rpc_current == rpc) {
		/* Inside a handler: the threads cannot join themselves.  Stop
		 * new calls now and finish the teardown on a thread of its own
		 * once the handler has returned. */
		atomic_store_explicit(&rpc->stop, true, memory_order_release);
		if (rpc->server) {
			/* The names go now, the channel shut down first (as in
			 * teardown): a program that exits once the handler
			 * returns would kill the thread before it removed them. */
			smi_segment_retire(rpc->seg);
			smi_segment_retire(sm_ring_segment(rpc->rx));
			smi_segment_retire(sm_ring_segment(rpc->tx));
		}
		pthread_t t;
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		/* Without a thread the handle stays stopped, unreleased,
		 * until the process exits. */
		pthread_create(&t, &attr, close_thread, rpc);
		pthread_attr_destroy(&attr);
		return;
	}
	close_now(rpc);
}

/* ---- Accessors ---- */

int sm_rpc_set_handler(sm_rpc *rpc, sm_rpc_handler_fn fn, void *user)
{
	if (!rpc)
		return -EINVAL;
	pthread_mutex_lock(&rpc->handler_lock);
	rpc->handler = fn;
	rpc->handler_user = user;
	pthread_mutex_unlock(&rpc->handler_lock);
	return 0;
}

void sm_rpc_set_spin_us(sm_rpc *rpc, int32_t spin_us)
{
	if (rpc)
		atomic_store(&rpc->spin_us, sm_rpc_spin_us_used(spin_us));
}

bool sm_rpc_is_server(const sm_rpc *rpc) { return rpc && rpc->server; }
const char *sm_rpc_name(const sm_rpc *rpc) { return rpc ? rpc->name : ""; }
uint32_t sm_rpc_max_message(const sm_rpc *rpc) { return rpc ? rpc->max_message : 0; }
uint32_t sm_rpc_packet_payload(const sm_rpc *rpc) { return rpc ? rpc->payload : 0; }

int sm_rpc_peer_connected(const sm_rpc *rpc)
{
	if (!rpc)
		return 0;
	smi_rpc_check_peer((sm_rpc *)rpc, true);
	return smi_rpc_peer_status((sm_rpc *)rpc) == 0;
}

int sm_rpc_still_named(const sm_rpc *rpc)
{
	if (!rpc)
		return -EINVAL;
	/* The channel first: `sharedmem rm` removes it before its rings. */
	const sm_segment *named[] = { rpc->seg, sm_ring_segment(rpc->rx), sm_ring_segment(rpc->tx) };
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		int r = sm_segment_still_named(named[i]);
		if (r != 1)
			return r;
	}
	return 1;
}

int sm_rpc_wait_peer(sm_rpc *rpc, int timeout_ms)
{
	if (!rpc || !rpc->server)
		return -EINVAL;
	struct smi_deadline dl = smi_deadline_from_ms(timeout_ms);
	struct smi_rpc_conn *c = &rpc->sh->conn;
	for (;;) {
		if (atomic_load(&rpc->stop))
			return -SM_ESHUTDOWN;
		uint32_t seq = __atomic_load_n(&c->conn_seq, __ATOMIC_ACQUIRE);
		smi_rpc_check_peer(rpc, true);
		/* Connected as calls see it: a dead client's error cleared. */
		if (smi_rpc_peer_status(rpc) == 0)
			return 0;
		int64_t left = smi_deadline_left_ns(&dl);
		if (left == 0)
			return -ETIMEDOUT;
		smi_futex_wait(&c->conn_seq, seq, left < CONNECT_POLL_NS ? left : CONNECT_POLL_NS);
	}
}

/* ---- Monitors ---- */

struct sm_rpc_monitor {
	sm_segment *seg;
};

int sm_rpc_open_monitor(sm_rpc_monitor **out, const char *name, unsigned flags)
{
	if (!out || (flags & ~SM_RPC_MONITOR_WRITABLE))
		return -EINVAL;
	*out = NULL;
	int err = check_name(name);
	if (err)
		return err;
	sm_segment *seg;
	err = sm_segment_open(&seg, name, SM_KIND_RPC,
			      (flags & SM_RPC_MONITOR_WRITABLE) ? 0 : SM_OPEN_READONLY);
	if (err)
		return err;
	if ((err = smi_rpc_params_check(smi_segment_params(seg), sm_segment_payload_size(seg)))) {
		sm_segment_close(seg);
		return err;
	}
	sm_rpc_monitor *mon = calloc(1, sizeof(*mon));
	if (!mon) {
		sm_segment_close(seg);
		return -ENOMEM;
	}
	mon->seg = seg;
	*out = mon;
	return 0;
}

int sm_rpc_stats_read(const sm_rpc_monitor *mon, struct sm_rpc_stats *out)
{
	if (!mon || !out)
		return -EINVAL;
	smi_rpc_stats_copy(sm_segment_payload(mon->seg), smi_segment_params(mon->seg), mon->seg, out);
	return smi_segment_truncated(mon->seg) ? -SM_EBADHEADER : 0; /* read zero pages */
}

int sm_rpc_monitor_reset(sm_rpc_monitor *mon)
{
	if (!mon)
		return -EINVAL;
	if (sm_segment_is_readonly(mon->seg))
		return -EBADF;
	smi_rpc_stats_reset_shared(sm_segment_payload(mon->seg));
	return 0;
}

void sm_rpc_monitor_close(sm_rpc_monitor *mon)
{
	if (!mon)
		return;
	sm_segment_close(mon->seg);
	free(mon);
}
