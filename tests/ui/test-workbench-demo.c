/* --demo: a ring and an RPC channel owned by the workbench, the ring
 * selected; both removed when it quits — also when it is stopped with
 * SIGTERM (what Ctrl+C in ./run.sh amounts to) or SIGHUP (the terminal
 * running ./run.sh closed).  The demo's names get a
 * suffix (hidden option --demo-suffix) so parallel runs never collide. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uitest.h"

static char suffix[64], ring[96], rpc[96];

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentStore *store = sm_application_get_store(app);
	SmSegmentItem *item = sm_segment_store_find(store, ring, NULL);
	CHECK(item != NULL);
	CHECK_EQ(sm_segment_item_get_info(item)->kind, SM_KIND_RING);
	item = sm_segment_store_find(store, rpc, NULL);
	CHECK(item != NULL);
	CHECK_EQ(sm_segment_item_get_info(item)->kind, SM_KIND_RPC);
	CHECK(sm_application_owns(app, ring));
	CHECK(sm_application_owns(app, rpc));
	CHECK(sm_application_get_owned(app, ring) != NULL);
	CHECK(g_strcmp0(sm_window_get_segment_name(win), ring) == 0);
	ui_iterate(500); /* let the demo traffic run a little */
	ui_screenshot(GTK_WIDGET(win), "workbench-demo");
	return T_EXIT_PASS;
}

static gboolean exists(const char *name)
{
	struct sm_segment_info info;
	return sm_segment_stat(name, &info) == 0;
}

/* The real binary, stopped by signal `sig`, removes its demo segments. */
static void check_signal(int sig, const char *tag)
{
	char term_suffix[80], term_ring[112], term_rpc[112], arg[128];
	g_snprintf(term_suffix, sizeof term_suffix, "%s-%s", suffix, tag);
	g_snprintf(term_ring, sizeof term_ring, "demo-ring-%s", term_suffix);
	g_snprintf(term_rpc, sizeof term_rpc, "demo-rpc-%s", term_suffix);
	t_remove_at_exit(term_ring);
	t_remove_at_exit(term_rpc);
	g_snprintf(arg, sizeof arg, "--demo-suffix=%s", term_suffix);
	const char *exe = g_getenv("SM_WORKBENCH");
	CHECK(exe != NULL);
	fflush(NULL);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		signal(sig, SIG_DFL); /* as in a terminal, even if the tests run under nohup */
		execl(exe, exe, "--demo", arg, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && !(exists(term_ring) && exists(term_rpc)); i++)
		t_sleep_ms(20);
	CHECK(exists(term_ring) && exists(term_rpc));
	kill(pid, sig);
	CHECK_EQ(t_wait(pid), 0);
	CHECK(!exists(term_ring));
	CHECK(!exists(term_rpc));
}

int main(void)
{
	g_strlcpy(suffix, t_name("demo"), sizeof suffix);
	g_snprintf(ring, sizeof ring, "demo-ring-%s", suffix);
	g_snprintf(rpc, sizeof rpc, "demo-rpc-%s", suffix);
	t_remove_at_exit(ring);
	t_remove_at_exit(rpc);
	g_autofree char *arg = g_strdup_printf("--demo-suffix=%s", suffix);
	const char *argv[] = { "sharedmem-workbench", "--demo", arg, NULL };
	int rc = ui_run(body, NULL, 3, argv);
	if (rc == T_EXIT_PASS) {
		CHECK(!exists(ring));
		CHECK(!exists(rpc));
		check_signal(SIGTERM, "term");
		check_signal(SIGHUP, "hup");
	}
	sm_segment_unlink(ring, true);
	sm_segment_unlink(rpc, true);
	return rc;
}
