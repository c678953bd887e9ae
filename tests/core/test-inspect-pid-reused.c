/* test-inspect-pid-reused.c — the creator_pid field names the creator's
 * process only while it is that process: a header whose creator died and
 * whose pid now belongs to another process (its start time differs) said
 * "PID (that process's name)", right above "owner dead".  Checked with our
 * own pid and a start time that is not ours, and with both ours. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"

static const char *creator_value(const struct sm_header *h, struct sm_field *f, int n)
{
	CHECK_EQ(sm_header_fields(h, f, (size_t)n), n);
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].name, "creator_pid") == 0)
			return f[i].value;
	CHECK(!"a creator_pid field");
	return NULL;
}

int main(void)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_create(&b, t_name("pid-reused"), 64, NULL), 0);
	struct sm_header h = *sm_segment_header(sm_buffer_segment(b));
	sm_buffer_close(b);
	CHECK_EQ(h.creator_pid, getpid());

	struct sm_field f[64];
	int n = sm_header_fields(&h, NULL, 0);
	CHECK(n > 0 && n <= 64);
	char want[64];
	snprintf(want, sizeof want, "%d (test-inspect-", (int)getpid());
	/* The creator itself: its name. */
	CHECK(strncmp(creator_value(&h, f, n), want, strlen(want)) == 0);

	/* Another process under the creator's pid: not its name. */
	h.creator_start_time++;
	const char *v = creator_value(&h, f, n);
	if (strstr(v, "test-inspect-")) {
		fprintf(stderr, "creator_pid of a dead creator: \"%s\"\n", v);
		return T_EXIT_FAIL;
	}
	snprintf(want, sizeof want, "%d (not running)", (int)getpid());
	CHECK(strcmp(v, want) == 0);
	return T_EXIT_PASS;
}
