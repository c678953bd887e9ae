/* Runs read back from a file (the RPC bench's Import): a number that is
 * not a finite value of its field (nan, inf, 1e999, a count past 2^64) is
 * refused, as other bad numbers are: taken as it was, "nan" went out in
 * the JSON export as `nan`, which no JSON reader takes, this one included,
 * and 99999999999999999999 calls became 18446744073709551615.  A string
 * is read as JSON means it: "\ud83d\ude00" (a surrogate pair, as Python's
 * json.dump writes an emoji) is one character, not two halves that are
 * not UTF-8; "\u0000" and a lone half are refused, and so is a file
 * that is not UTF-8 (a Latin-1 "café": its text went into the runs
 * table's labels, which GTK refuses).  No display needed. */
#include <string.h>

#include "../testlib.h"
#include "sm-rpc-run.h"

static void check_refused(const char *text)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GListStore) runs = sm_rpc_runs_parse(text, &error);
	if (runs) {
		g_autofree char *json = sm_rpc_runs_to_json(G_LIST_MODEL(runs));
		fprintf(stderr, "taken: %s -> %s", text, json);
		exit(T_EXIT_FAIL);
	}
	fprintf(stderr, "refused: %s", error->message);
	fprintf(stderr, "\n");
}

int main(void)
{
	/* What is fine is read. */
	g_autoptr(GError) error = NULL;
	g_autoptr(GListStore) ok = sm_rpc_runs_parse("run,seconds,messages\n1,0.5,18446744073709551615\n", &error);
	CHECK(ok && g_list_model_get_n_items(G_LIST_MODEL(ok)) == 1);

	check_refused("run,seconds\n1,nan\n");
	check_refused("run,msgs_per_s\n1,inf\n");
	check_refused("[{\"seconds\": 1e999}]");
	check_refused("run,messages\n1,99999999999999999999\n");
	check_refused("[{\"messages\": 18446744073709551616}]");

	g_autoptr(GListStore) pair = sm_rpc_runs_parse("[{\"channel\": \"a\\ud83d\\ude00b\"}]", &error);
	CHECK(pair && g_list_model_get_n_items(G_LIST_MODEL(pair)) == 1);
	g_autoptr(SmRpcRun) run = g_list_model_get_item(G_LIST_MODEL(pair), 0);
	const char *channel = sm_rpc_run_get_data(run)->channel;
	fprintf(stderr, "channel read: %s\n", channel);
	CHECK(g_utf8_validate(channel, -1, NULL) && strcmp(channel, "a\xf0\x9f\x98\x80" "b") == 0);
	check_refused("[{\"channel\": \"a\\u0000b\"}]");
	check_refused("[{\"channel\": \"a\\ud83db\"}]");
	check_refused("run,channel\n1,caf\xe9\n");
	check_refused("[{\"channel\": \"caf\xe9\"}]");
	return T_EXIT_PASS;
}
