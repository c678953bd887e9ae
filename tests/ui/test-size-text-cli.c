/* The workbench's Size column and `sharedmem list` show a size the same
 * way: they had one formatter each, and from 1 TiB on the workbench said
 * "1024.0 GiB" where the CLI said "1.0 TiB"; just under 1 MiB both said
 * "1024.0 KiB".  Hand-made files of those sizes (sparse) are listed by
 * both.  The header inspector (`sharedmem inspect` and the workbench's)
 * said "(1572864.0 MiB)" for 1.5 TiB.  No display needed. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sm-segment-item.h"

static char *cli_list(void)
{
	const char *cli = g_getenv("SHAREDMEM_CLI");
	CHECK(cli != NULL);
	char *argv[] = { (char *)cli, "list", NULL };
	char *out = NULL;
	int status = -1;
	CHECK(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL));
	CHECK_EQ(status, 0);
	return out;
}

/* The CLI's line for `name` (its first column). */
static char *cli_line(const char *out, const char *name)
{
	g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
	for (char **l = lines; *l; l++)
		if (g_str_has_prefix(*l, name) && (*l)[strlen(name)] == ' ')
			return g_strdup(*l);
	return NULL;
}

static void check_size(guint64 size, const char *expected)
{
	const char *name = t_name("size-text");
	t_write_file(name, "not a header", 12);
	g_autofree char *path = g_strdup_printf("/dev/shm/sm.%s", name);
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_EQ(ftruncate(fd, (off_t)size), 0); /* a hole: nothing allocated */
	close(fd);

	struct sm_segment_info info;
	sm_segment_stat(name, &info);
	CHECK_EQ(info.file_size, size);
	SmSegmentItem *item = sm_segment_item_new(&info, 0);
	g_autofree char *shown = NULL;
	g_object_get(item, "size-text", &shown, NULL);
	g_object_unref(item);

	g_autofree char *out = cli_list();
	g_autofree char *line = cli_line(out, name);
	CHECK(line != NULL);
	g_autofree char *cell = g_strdup_printf(" %s ", shown);
	fprintf(stderr, "%" G_GUINT64_FORMAT ": workbench '%s', CLI: %s\n", size, shown, line);
	CHECK(strstr(line, cell) != NULL);
	CHECK(g_strcmp0(shown, expected) == 0);
	t_remove_file(name);
}

/* The header's size fields, as both header inspectors show them. */
static void check_header_field(void)
{
	struct sm_header h;
	memset(&h, 0, sizeof h);
	h.total_size = G_GUINT64_CONSTANT(3) << 39;
	struct sm_field fields[64];
	int n = sm_header_fields(&h, fields, G_N_ELEMENTS(fields));
	CHECK(n > 0 && n <= (int)G_N_ELEMENTS(fields));
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i].name, "total_size") == 0) {
			fprintf(stderr, "total_size: %s\n", fields[i].value);
			CHECK(strcmp(fields[i].value, "1649267441664 (1.5 TiB)") == 0);
			return;
		}
	CHECK(!"a total_size field");
}

int main(void)
{
	check_header_field();
	check_size(512, "512 B");
	check_size(1536, "1.5 KiB");
	check_size((1u << 20) - 1, "1.0 MiB"); /* rounds up: not "1024.0 KiB" */
	check_size(G_GUINT64_CONSTANT(1) << 40, "1.0 TiB");
	check_size(G_GUINT64_CONSTANT(3) << 39, "1.5 TiB");
	return T_EXIT_PASS;
}
