/* dlopen-fail.c — a test shim (LD_PRELOAD) that makes dlopen() of one
 * library fail as if it were not installed: with SM_TEST_DLOPEN_FAIL=NAME
 * set, dlopen(NAME) opens /nonexistent/NAME instead, so that dlerror()
 * says why as the loader would.  Any other name is opened as asked. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *dlopen(const char *file, int mode)
{
	static void *(*real)(const char *, int);
	if (!real)
		real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	const char *missing = getenv("SM_TEST_DLOPEN_FAIL");
	char path[4096];
	if (file && missing && strcmp(file, missing) == 0) {
		snprintf(path, sizeof path, "/nonexistent/%s", file);
		file = path;
	}
	return real(file, mode);
}
