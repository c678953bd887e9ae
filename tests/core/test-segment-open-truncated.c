/* test-segment-open-truncated.c — a segment's file truncated while
 * sm_segment_open() maps it, after its header was read and checked: the
 * open must not hand back a mapping already gone to zeros (a header with
 * magic 0, as if checked), nor one of a file now shorter than its header
 * says, but say -SM_EBADHEADER.  The opener is a traced
 * child stopped at its mmap() (ptrace), so the file is truncated exactly
 * between the check and the mapping. */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"

#if defined(__x86_64__)
#include <sys/user.h>

enum { OPENED_ZEROS = 3, REFUSED = 4, OTHER = 5, NO_TRACE = 6 };

static int open_traced(const char *name)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(NO_TRACE); /* not allowed here (seccomp) */
	raise(SIGSTOP);
	sm_segment *seg;
	int r = sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY);
	if (r == 0)
		_exit(sm_segment_header(seg)->magic == SM_MAGIC ? 0 : OPENED_ZEROS);
	_exit(r == -SM_EBADHEADER ? REFUSED : OTHER);
}

/* Run the child to its exit, truncating `path` to `to` bytes when it
 * enters an mmap() of `len` bytes from a file.  Returns its exit status. */
static int trace_until_exit(pid_t child, const char *path, size_t len, off_t to)
{
	int status;
	CHECK_EQ(waitpid(child, &status, 0), child); /* its SIGSTOP */
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	CHECK_EQ(ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)PTRACE_O_TRACESYSGOOD), 0);
	int sig = 0;
	bool truncated = false;
	for (;;) {
		CHECK_EQ(ptrace(PTRACE_SYSCALL, child, NULL, (void *)(long)sig), 0);
		CHECK_EQ(waitpid(child, &status, 0), child);
		if (WIFEXITED(status))
			return WEXITSTATUS(status);
		CHECK(WIFSTOPPED(status));
		sig = WSTOPSIG(status) == (SIGTRAP | 0x80) ? 0 : WSTOPSIG(status);
		if (sig || truncated)
			continue;
		struct user_regs_struct regs;
		CHECK_EQ(ptrace(PTRACE_GETREGS, child, NULL, &regs), 0);
		/* entry: rax is -ENOSYS until the call has run */
		if (regs.orig_rax == SYS_mmap && regs.rax == (unsigned long long)-ENOSYS &&
		    (long)regs.r8 >= 0 && regs.rsi == len) {
			CHECK_EQ(truncate(path, to), 0);
			truncated = true;
		}
	}
}

/* 0 if refused, T_EXIT_SKIP if tracing is not allowed here. */
static int open_while_truncated(const char *name, off_t to)
{
	sm_segment *owner;
	CHECK_EQ(sm_segment_create(&owner, name, SM_KIND_BUFFER, 8192, NULL, 0, NULL), 0);
	sm_segment_publish(owner);
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	pid_t child = fork();
	CHECK(child >= 0);
	if (child == 0)
		open_traced(name);
	int code = trace_until_exit(child, path, SM_HEADER_SIZE + 8192, to);
	sm_segment_close(owner);
	if (code == NO_TRACE)
		return T_EXIT_SKIP;
	CHECK_EQ(code, REFUSED);
	return 0;
}

int main(void)
{
	const char *name = t_name("open-trunc");
	if (open_while_truncated(name, 0) == T_EXIT_SKIP)
		return T_EXIT_SKIP;
	/* Its header page kept: the mapping still reads, but the file is
	 * shorter than the header says, which open refuses. */
	open_while_truncated(name, 4096);
	return 0;
}
#else
int main(void)
{
	return T_EXIT_SKIP; /* the tracing reads x86-64 registers */
}
#endif
