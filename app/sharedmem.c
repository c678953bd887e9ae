/* sharedmem — command-line tool (placeholder main until the CLI lands). */
#include <stdio.h>
#include <string.h>

#include "sharedmem.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "list") == 0) {
		struct sm_segment_info *infos;
		size_t n;
		int r = sm_segment_list(&infos, &n);
		if (r < 0) {
			fprintf(stderr, "sharedmem: %s\n", sm_strerror(r));
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			printf("%s\t%s\t%s\n", infos[i].name, sm_kind_name(infos[i].kind),
			       infos[i].status ? sm_strerror(infos[i].status) : "ok");
		return 0;
	}
	fprintf(stderr, "usage: sharedmem list\n");
	return 2;
}
