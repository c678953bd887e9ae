/* Security, RPC channels: a channel is three files (the channel and its
 * rings <name>.c2s, <name>.s2c).  A symlink planted under a ring's name
 * makes create fail without following it and without leaving the other
 * files behind; a name too long for the ring suffixes is refused by create
 * and connect and creates nothing. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../testlib.h"
#include "sec_kinds.h"

static void planted_ring(const char *suffix)
{
	const char *name = t_name("rpcln");
	char link_path[160], target[128];
	snprintf(link_path, sizeof link_path, "/dev/shm/sm.%s%s", name, suffix);
	snprintf(target, sizeof target, "/dev/shm/t-rpc-target-%d", (int)getpid());
	unlink(target);
	CHECK_EQ(symlink(target, link_path), 0);

	for (int replace = 0; replace < 2; replace++) {
		struct sm_rpc_options opts;
		sm_rpc_options_init(&opts);
		opts.flags = replace ? SM_CREATE_REPLACE_STALE : 0;
		sm_rpc *rpc = NULL;
		int r = sm_rpc_create(&rpc, name, &opts);
		if (r == 0)
			sm_rpc_close(rpc);
		CHECK(r < 0 && rpc == NULL);
		struct stat st;
		CHECK(lstat(target, &st) < 0 && errno == ENOENT); /* not followed */
		CHECK_EQ(sec_for_files(name, NULL, NULL), 1);                /* only the planted link */
	}
	struct stat st;
	CHECK_EQ(lstat(link_path, &st), 0);
	CHECK(S_ISLNK(st.st_mode)); /* left as it was */
	unlink(link_path);
}

static void too_long(void)
{
	char name[SM_NAME_MAX + 1];
	snprintf(name, sizeof name, "t-long-%d-", (int)getpid());
	size_t len = strlen(name);
	memset(name + len, 'x', SM_RPC_NAME_MAX + 1 - len);
	name[SM_RPC_NAME_MAX + 1] = '\0';
	CHECK_EQ(sm_name_validate(name), 0); /* a fine segment name... */
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	sm_rpc *rpc = NULL;
	CHECK_EQ(sm_rpc_create(&rpc, name, &opts), -ENAMETOOLONG); /* ...but no room for ".c2s" */
	CHECK_EQ(sm_rpc_connect(&rpc, name, &opts), -ENAMETOOLONG);
	sm_rpc_monitor *mon = NULL;
	CHECK(sm_rpc_open_monitor(&mon, name, 0) < 0);
	CHECK_EQ(sec_for_files(name, NULL, NULL), 0);
}

int main(void)
{
	planted_ring(".c2s");
	planted_ring(".s2c");
	too_long();
	return T_EXIT_PASS;
}
