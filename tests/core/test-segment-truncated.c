/* test-segment-truncated.c — a segment's file truncated while it is mapped
 * (anyone who may write the file may do it) must not kill the processes
 * that map it: touching the lost pages raises SIGBUS, which the library
 * turns into zero pages and an error from the calls that read them.
 *   - a monitor's ring snapshot, buffer and array copies, and RPC
 *     statistics return -SM_EBADHEADER, as does taking a buffer's lock; writers and the owner's close
 *     carry on; a reader asleep on the ring gives up with -SM_EBADHEADER;
 *   - a SIGBUS outside any segment, or sent with raise(), still reaches
 *     the handler installed before the library's, or kills the process
 *     as it would have. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

static void truncate_segment(const char *name, off_t size)
{
	char path[256];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	CHECK_EQ(truncate(path, size), 0);
}

static void ring_monitor_survives(void)
{
	const char *name = t_name("trunc-ring");
	sm_ring *owner, *monitor;
	CHECK_EQ(sm_ring_create(&owner, name, 64, 256, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&monitor, name, SM_OPEN_READONLY), 0);
	CHECK_EQ(sm_ring_write(owner, "x", 1, 0), 0);
	struct sm_ring_snapshot s;
	uint8_t states[64];
	CHECK_EQ(sm_ring_snapshot(monitor, &s, states, 64), 0);
	CHECK_EQ(s.occupancy, 1);
	truncate_segment(name, 4096); /* the header stays, the nodes go */
	CHECK_EQ(sm_ring_snapshot(monitor, &s, states, 64), -SM_EBADHEADER);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_write(owner, "y", 1, 0); /* lands on zero pages; no crash is the point */
	sm_ring_close(monitor);
	sm_ring_close(owner);
}

static sm_ring *blocked_reader;
static ssize_t blocked_read = 1;

static void *read_forever(void *arg)
{
	(void)arg;
	char b[64];
	blocked_read = sm_ring_read(blocked_reader, b, sizeof b, -1);
	return NULL;
}

/* Nobody can wake a reader asleep on a truncated ring (its futex word went
 * with the file): it looks again within SMI_RING_RECHECK_NS and gives up. */
static void blocked_reader_gives_up(void)
{
	const char *name = t_name("trunc-wait");
	sm_ring *owner;
	CHECK_EQ(sm_ring_create(&owner, name, 64, 64, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&blocked_reader, name, 0), 0);
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, read_forever, NULL), 0);
	t_sleep_ms(100); /* asleep by now, or soon */
	truncate_segment(name, 4096);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ(blocked_read, -SM_EBADHEADER);
	sm_ring_close(blocked_reader);
	sm_ring_close(owner);
}

static void buffer_and_array_copies_fail(void)
{
	const char *bname = t_name("trunc-buf");
	sm_buffer *buf, *reader;
	CHECK_EQ(sm_buffer_create(&buf, bname, 1 << 20, NULL), 0);
	CHECK_EQ(sm_buffer_open(&reader, bname, SM_OPEN_READONLY), 0);
	char out[16];
	CHECK_EQ(sm_buffer_write(buf, 500000, "hello", 6), 0);
	CHECK_EQ(sm_buffer_read(reader, 500000, out, 6), 0);
	CHECK(strcmp(out, "hello") == 0);
	truncate_segment(bname, 0);
	CHECK_EQ(sm_buffer_read(reader, 500000, out, 6), -SM_EBADHEADER);
	CHECK_EQ(sm_buffer_write(buf, 500000, "again", 6), -SM_EBADHEADER);
	sm_buffer_close(reader);
	sm_buffer_close(buf);

	const char *aname = t_name("trunc-arr");
	sm_array *arr, *view;
	CHECK_EQ(sm_array_create(&arr, aname, sizeof(uint64_t), 100000, NULL), 0);
	CHECK_EQ(sm_array_open(&view, aname, sizeof(uint64_t), SM_OPEN_READONLY), 0);
	uint64_t v = 7;
	CHECK_EQ(sm_array_set(arr, 99999, &v, sizeof v), 0);
	CHECK_EQ(SM_ARRAY_FIND(view, &v), 99999);
	truncate_segment(aname, 4096);
	/* Not -ENOENT: the 7 is gone with the file, not from the array. */
	CHECK_EQ(SM_ARRAY_FIND(view, &v), -SM_EBADHEADER);
	CHECK_EQ(sm_array_get(view, 99999, &v, sizeof v), -SM_EBADHEADER);
	sm_array_close(view);
	sm_array_close(arr);
}

/* A writer in another process holds the buffer's lock when its file is
 * truncated: the lock's word went with the file, so taking the lock here
 * would "succeed" on zero pages beside that writer.  It says
 * -SM_EBADHEADER instead, as the copies do. */
struct holder {
	const char *name;
	int in, out;         /* pipe ends: the parent's "done", our "holding" */
	int parent_in, parent_out; /* closed here, so the parent's exit ends our read */
};

static int hold_write_lock(void *arg)
{
	const struct holder *h = arg;
	close(h->parent_in);
	close(h->parent_out);
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, h->name, 0), 0);
	CHECK_EQ(sm_rwlock_write_acquire(sm_buffer_lock(b), 0), 0);
	CHECK_EQ(write(h->out, "h", 1), 1);
	char c;
	(void)read(h->in, &c, 1); /* until the parent is done */
	return 0;
}

static void lock_fails(void)
{
	const char *name = t_name("trunc-lock");
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, name, 1 << 16, NULL), 0);
	int up[2], down[2];
	CHECK_EQ(pipe(up), 0);
	CHECK_EQ(pipe(down), 0);
	struct holder h = { name, down[0], up[1], up[0], down[1] };
	pid_t holder = t_fork(hold_write_lock, &h);
	close(up[1]);
	close(down[0]);
	char c;
	CHECK_EQ(read(up[0], &c, 1), 1);
	sm_rwlock *lock = sm_buffer_lock(buf);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -ETIMEDOUT);
	truncate_segment(name, 0);
	CHECK_EQ(sm_rwlock_write_acquire(lock, 0), -SM_EBADHEADER);
	CHECK_EQ(sm_rwlock_read_acquire(lock, 0), -SM_EBADHEADER);
	CHECK_EQ(write(down[1], "x", 1), 1);
	CHECK_EQ(t_wait(holder), 0);
	close(up[0]);
	close(down[1]);
	sm_buffer_close(buf);
}

static void rpc_statistics_fail(void)
{
	const char *name = t_name("trunc-rpc");
	sm_rpc *server;
	CHECK_EQ(sm_rpc_create(&server, name, NULL), 0);
	sm_rpc_monitor *mon;
	CHECK_EQ(sm_rpc_open_monitor(&mon, name, 0), 0);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats_read(mon, &st), 0);
	truncate_segment(name, 0);
	CHECK_EQ(sm_rpc_stats_read(mon, &st), -SM_EBADHEADER);
	sm_rpc_monitor_close(mon);
	sm_rpc_close(server);
}

/* In a child: map a plain file, shrink it, touch the lost page. */
static void foreign_fault(void)
{
	char path[] = "/dev/shm/sm-test-foreign-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	CHECK_EQ(ftruncate(fd, 8192), 0);
	volatile char *p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(ftruncate(fd, 0), 0);
	(void)p[4096];
}

static void on_sigbus_exit(int sig)
{
	(void)sig;
	_exit(42);
}

/* The child maps a segment first, so the library's handler is installed
 * (after the child's own, if any) when the foreign fault (or a SIGBUS
 * sent to it, `sent`) comes. */
static int child_status(const char *segment, bool own_handler, bool sent)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (own_handler)
			signal(SIGBUS, on_sigbus_exit);
		sm_buffer *b;
		CHECK_EQ(sm_buffer_open(&b, segment, SM_OPEN_READONLY), 0);
		if (sent)
			raise(SIGBUS);
		else
			foreign_fault();
		_exit(0);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

static void foreign_faults_go_on(void)
{
	const char *name = t_name("trunc-guard");
	sm_buffer *b;
	CHECK_EQ(sm_buffer_create(&b, name, 4096, NULL), 0);
	for (int sent = 0; sent < 2; sent++) {
		int status = child_status(name, false, sent);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
		/* the handler before ours is the sanitizer's: it reports and exits */
		CHECK(!WIFEXITED(status) || WEXITSTATUS(status) != 0);
#else
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
#endif
		status = child_status(name, true, sent);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	}
	sm_buffer_close(b);
}

int main(void)
{
	ring_monitor_survives();
	blocked_reader_gives_up();
	buffer_and_array_copies_fail();
	lock_fails();
	rpc_statistics_fail();
	foreign_faults_go_on();
	return 0;
}
