/* rpc.c — README.md's RPC example as a whole program of two processes: a
 * child serves channel "calc" (process A), the parent connects and calls
 * (process B).  Exit 0 when the call returns 133 and a malformed request
 * comes back as the handler's error, as the README says; 1, saying why,
 * when the channel cannot be made or reached. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sharedmem.h>

/* README.md begin: rpc */
static int add(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	if (req->len != 2)                       /* req->data is NULL when len is 0 */
		return sm_rpc_reply_error(reply, -EINVAL, "add takes 2 bytes, not %zu", req->len);
	const uint8_t *a = req->data;            /* {123, 10} -> 133 */
	uint8_t sum = a[0] + a[1];
	return sm_rpc_reply_set(reply, &sum, 1);
}
/* README.md end */

/* Process A: serve until process B closes `done`; tell it on `ready`
 * once the channel exists. */
static int serve(int ready, int done)
{
	/* README.md begin: rpc */
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	o.handler = add;
	sm_rpc *server;
	int e = sm_rpc_create(&server, "calc", &o);      /* process A; -EEXIST: name taken */
	/* README.md end */
	if (e < 0) {
		fprintf(stderr, "calc: %s\n", sm_strerror(e));
		return 1;
	}
	char c = 0;
	int ok = write(ready, &c, 1) == 1 && read(done, &c, 1) == 0;
	sm_rpc_close(server);
	return ok ? 0 : 1;
}

/* Process B. */
static int call(void)
{
	/* README.md begin: rpc */
	sm_rpc *client;                                  /* process B */
	int e = sm_rpc_connect(&client, "calc", NULL);   /* -SM_ENOPEER: no server, -EBUSY: another client */
	struct sm_rpc_result res;
	int r = sm_rpc_call(client, (uint8_t[]){ 123, 10 }, 2, &res, 1000);
	/* r == 0: ((uint8_t *)res.data)[0] == 133; -SM_EREMOTE: res.remote_code,
	 * res.message; -ETIMEDOUT, -SM_EPEERDEAD (the server died), -SM_ENOHANDLER, ... */
	/* README.md end */
	if (e < 0) {
		fprintf(stderr, "connect to calc: %s\n", sm_strerror(e));
		return 1;
	}
	int ok = r == 0 && res.len == 1 && ((uint8_t *)res.data)[0] == 133;
	printf("%d\n", ok ? ((uint8_t *)res.data)[0] : -1);
	/* README.md begin: rpc */
	sm_rpc_result_free(&res);                        /* whatever r was */
	/* README.md end */

	/* A request of 0 bytes: the handler's error, with its code and text. */
	r = sm_rpc_call(client, NULL, 0, &res, 1000);
	printf("%s: %s\n", sm_strerror_name(r), res.message);
	ok = ok && r == -SM_EREMOTE && res.remote_code == -EINVAL;
	sm_rpc_result_free(&res);
	sm_rpc_close(client);
	return ok ? 0 : 1;
}

int main(void)
{
	int ready[2], done[2];
	if (pipe(ready) < 0 || pipe(done) < 0) {
		perror("pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(ready[0]);
		close(done[1]);
		_exit(serve(ready[1], done[0]));
	}
	close(ready[1]);
	close(done[0]);
	char c;
	int r = read(ready[0], &c, 1) == 1 ? call() : 1;
	close(done[1]);                         /* process A may close now */
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		r = 1;
	return r;
}
