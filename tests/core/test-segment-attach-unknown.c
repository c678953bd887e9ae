/* Attachment is unknown, not "nobody", when a process whose mappings
 * cannot be read may have the segment mapped (found in review: a non-root
 * gc removed a segment another user still had mapped, because that user's
 * /proc/PID/maps is unreadable and counted as "not attached").
 *
 * 1. smi_proc_may_open(), the decision, case by case.
 * 2. As root only (else skipped): a segment of user A (mode 0644, owner
 *    dead) mapped by a process of user B.  Seen as A, attachment is
 *    unknown, the segment is not stale, and gc keeps it; seen as root, B
 *    is listed as attached. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "platform.h"
#include "segment_internal.h"
#include "sharedmem.h"

#define USER_A 54321u /* unused uids: no account needed */
#define USER_B 54322u

static void check_decision(void)
{
	struct smi_proc_cred b = { .fsuid = USER_B, .fsgid = USER_B };
	struct smi_proc_cred a = { .fsuid = USER_A, .fsgid = USER_A };
	struct smi_proc_cred root = { 0 };
	CHECK(!smi_proc_may_open(&b, USER_A, USER_A, 0600)); /* private to A */
	CHECK(smi_proc_may_open(&a, USER_A, USER_A, 0600));
	CHECK(!smi_proc_may_open(&a, USER_A, USER_A, 0200)); /* owner cannot read */
	CHECK(!smi_proc_may_open(&a, USER_A, USER_A, 0044)); /* owner class only */
	CHECK(smi_proc_may_open(&b, USER_A, USER_A, 0604));  /* others may read */
	CHECK(!smi_proc_may_open(&b, USER_A, USER_A, 0660)); /* not in the group */
	struct smi_proc_cred b_in_group = b;
	b_in_group.groups[b_in_group.n_groups++] = 4242;
	CHECK(smi_proc_may_open(&b_in_group, USER_A, 4242, 0640));
	CHECK(!smi_proc_may_open(&b_in_group, USER_A, 4242, 0604)); /* group class only */
	struct smi_proc_cred b_many_groups = b;
	b_many_groups.groups_cut = true; /* groups not all known: may be a member */
	CHECK(smi_proc_may_open(&b_many_groups, USER_A, 4242, 0640));
	CHECK(!smi_proc_may_open(&root, USER_A, USER_A, 0666)); /* root's are not counted */
}

static const char *name;
static int a_ready[2], a_go[2], b_ready[2];

static void become(uid_t uid)
{
	CHECK_EQ(setresgid(uid, uid, uid), 0);
	CHECK_EQ(setresuid(uid, uid, uid), 0);
}

/* User A creates the segment and stays its (live) owner until told, so no
 * other test's gc ever sees it stale before B maps it. */
static int create_as_a(void *arg)
{
	(void)arg;
	become(USER_A);
	sm_segment *seg;
	struct sm_segment_options opts = { .mode = 0644 };
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_ARRAY, 128, NULL, 0, &opts), 0);
	sm_segment_publish(seg);
	CHECK_EQ(write(a_ready[1], "a", 1), 1);
	char c;
	CHECK_EQ(read(a_go[0], &c, 1), 1);
	_exit(0); /* the owner dies without closing */
}

static int map_as_b(void *arg)
{
	(void)arg;
	become(USER_B);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY), 0);
	CHECK_EQ(write(b_ready[1], "b", 1), 1);
	for (;;)
		pause();
	return 0;
}

static int gc_as_a(void *arg)
{
	(void)arg;
	become(USER_A);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.owner_alive, 0);
	CHECK(info.attached_unknown);
	CHECK(info.unknown_pid > 0);
	CHECK(!info.stale);
	CHECK(sm_segment_gc(false, NULL, NULL) >= 0);
	CHECK_EQ(sm_segment_stat(name, &info), 0); /* still there */
	return 0;
}

static void check_two_users(void)
{
	name = t_name("attach-unknown");
	t_remove_at_exit(name);
	CHECK_EQ(pipe(a_ready), 0);
	CHECK_EQ(pipe(a_go), 0);
	CHECK_EQ(pipe(b_ready), 0);
	char c;
	pid_t a = t_fork(create_as_a, NULL);
	CHECK_EQ(read(a_ready[0], &c, 1), 1);
	pid_t b = t_fork(map_as_b, NULL);
	CHECK_EQ(read(b_ready[0], &c, 1), 1);
	CHECK_EQ(write(a_go[1], "g", 1), 1);
	CHECK_EQ(t_wait(a), 0);

	CHECK_EQ(t_wait(t_fork(gc_as_a, NULL)), 0);

	struct sm_segment_info info; /* root reads B's maps */
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.n_attached, 1);
	CHECK_EQ(info.attached[0], b);
	CHECK(!info.stale);

	CHECK_EQ(kill(b, SIGKILL), 0);
	CHECK_EQ(t_wait(b), 128 + SIGKILL);
}

int main(void)
{
	check_decision();
	if (geteuid() != 0) {
		fprintf(stderr, "not root: the two-user case is skipped\n");
		return T_EXIT_PASS;
	}
	check_two_users();
	return T_EXIT_PASS;
}
