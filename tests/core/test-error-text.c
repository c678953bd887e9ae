/* sm_strerror() and sm_strerror_name() give every return value its own
 * sentence: SM_LOCK_RECOVERED (+1) is not read as EPERM. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

int main(void)
{
	CHECK(strstr(sm_strerror(SM_LOCK_RECOVERED), "died") != NULL);
	CHECK_EQ(strcmp(sm_strerror_name(SM_LOCK_RECOVERED), "SM_LOCK_RECOVERED"), 0);
	CHECK(strstr(sm_strerror(-EPERM), "not permitted") != NULL);
	CHECK_EQ(strcmp(sm_strerror_name(-EPERM), "EPERM"), 0);
	/* the library's own codes, negative as returned, or positive */
	static const int codes[] = { SM_EBADHEADER, SM_EVERSION, SM_EWRONGKIND, SM_ENOTREADY,
				     SM_EABANDONED, SM_ESHUTDOWN, SM_EPEERDEAD, SM_ENOPEER, SM_ENOHANDLER,
				     SM_EREMOTE, SM_ETOOSMALL };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		CHECK_EQ(strcmp(sm_strerror(-codes[i]), sm_strerror(codes[i])), 0);
		CHECK(strcmp(sm_strerror_name(-codes[i]), "E?") != 0);
	}
	/* EAGAIN is not only a segment not ready: a failed fork() says it too */
	CHECK(strstr(sm_strerror(-SM_ENOTREADY), "initialised") != NULL);
	CHECK(strstr(sm_strerror(-EAGAIN), "process limit") != NULL);
	CHECK(sm_strerror(INT_MIN) != NULL);
	CHECK_EQ(strcmp(sm_strerror_name(INT_MIN), "E?"), 0);
	return T_EXIT_PASS;
}
