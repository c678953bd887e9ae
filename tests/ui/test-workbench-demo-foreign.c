/* --demo finds a live ring under the demo's name that is not a workbench
 * demo (someone's own ring that happens to be called demo-ring): it shows
 * it but sends no demo traffic into it, and no demo consumer takes its
 * messages.  It drove any live ring of that name ("another workbench's
 * demo"): two producers wrote into it and a consumer read its messages. */
#include "sm-demo.h"
#include "uitest.h"

static char *ring_name, *rpc_name;
static sm_ring *ring;

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_iterate(1500); /* the demo traffic would be well under way */
	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(ring, &snap, NULL, 0), 0);
	fprintf(stderr, "written %llu, read %llu\n", (unsigned long long)snap.messages_written,
		(unsigned long long)snap.messages_read);
	CHECK_EQ(snap.messages_written, 5);
	CHECK_EQ(snap.messages_read, 0);
	CHECK(!sm_application_owns(app, ring_name));
	CHECK(sm_application_owns(app, rpc_name)); /* the rest of the demo runs */
	return T_EXIT_PASS;
}

int main(void)
{
	const char *suffix = t_name("demo-foreign");
	ring_name = sm_demo_name(SM_DEMO_RING, suffix);
	rpc_name = sm_demo_name(SM_DEMO_RPC, suffix);
	t_remove_at_exit(ring_name);
	t_remove_at_exit(rpc_name);
	struct sm_segment_options opts = { .label = "orders" };
	CHECK_EQ(sm_ring_create(&ring, ring_name, 64, 256, &opts), 0);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(sm_ring_write(ring, "order", 5, 0), 0);
	g_autofree char *arg = g_strdup_printf("--demo-suffix=%s", suffix);
	const char *argv[] = { "sharedmem-workbench", "--demo", arg, NULL };
	int rc = ui_run(body, NULL, 3, argv);
	sm_ring_close(ring);
	return rc;
}
