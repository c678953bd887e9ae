/* rpc_reply.c — running a handler for one request and sending what it
 * answered: its response bytes, or its error code and text. */
#include "rpc_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLY_INLINE 2048 /* responses up to this size need no malloc */

struct sm_rpc_reply {
	sm_rpc *rpc;
	void   *data;   /* the response: `small` or malloc'ed */
	size_t  len;
	int     lib_error; /* sm_rpc_reply_buffer/set failed: the library's error */
	bool    has_text;
	char    text[SM_RPC_ERROR_TEXT_MAX];
	/* The reply lives on smi_rpc_run_handler()'s stack, for one handler call. */
	_Alignas(max_align_t) unsigned char small[REPLY_INLINE];
};

static void reply_drop(struct sm_rpc_reply *reply)
{
	if (reply->data != reply->small)
		free(reply->data);
	reply->data = NULL;
	reply->len = 0;
}

/* The handle is being closed (the handler closed it, or another thread
 * did): the reply can no longer be sent, and must not seem to be. */
static bool reply_refused(struct sm_rpc_reply *reply)
{
	if (!atomic_load_explicit(&reply->rpc->closing, memory_order_acquire))
		return false;
	reply_drop(reply);
	reply->lib_error = -SM_ESHUTDOWN;
	return true;
}

int sm_rpc_reply_set(struct sm_rpc_reply *reply, const void *data, size_t len)
{
	if (!reply || (len && !data))
		return -EINVAL;
	if (reply_refused(reply))
		return -SM_ESHUTDOWN;
	/* Part of the reply's own buffer (a handler trimming what it wrote):
	 * moved within it, as the buffer is dropped before a copy. */
	const uint8_t *cur = reply->data, *src = data;
	if (len && cur && src >= cur && src < cur + reply->len) {
		if (len > (size_t)(cur + reply->len - src))
			return -EINVAL;
		memmove(reply->data, src, len);
		reply->len = len;
		reply->lib_error = 0;
		return 0;
	}
	void *buf = sm_rpc_reply_buffer(reply, len);
	if (!buf && len)
		return reply->lib_error;
	if (len)
		memcpy(buf, data, len);
	return 0;
}

void *sm_rpc_reply_buffer(struct sm_rpc_reply *reply, size_t len)
{
	if (!reply || reply_refused(reply))
		return NULL;
	reply_drop(reply);
	reply->lib_error = 0;
	if (len > reply->rpc->max_message) {
		reply->lib_error = -EMSGSIZE;
		return NULL;
	}
	reply->data = len <= sizeof(reply->small) ? reply->small : malloc(len);
	if (!reply->data) {
		reply->lib_error = -ENOMEM;
		return NULL;
	}
	reply->len = len;
	return reply->data;
}

int sm_rpc_reply_error(struct sm_rpc_reply *reply, int code, const char *fmt, ...)
{
	if (code >= 0)
		code = -EIO;
	if (!reply)
		return code;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(reply->text, sizeof(reply->text), fmt, ap);
		va_end(ap);
		reply->has_text = true;
	}
	return code;
}

void smi_rpc_send_error(sm_rpc *rpc, uint32_t epoch, uint64_t call_id, int code, bool library,
		       const char *text)
{
	struct smi_deadline dl = smi_deadline_from_ms(-1); /* bounded by peer checks */
	size_t n = strnlen(text, SM_RPC_ERROR_TEXT_MAX - 1);
	if (n > rpc->max_message) /* a small channel cuts the text, never the error */
		n = rpc->max_message;
	smi_rpc_send(rpc, epoch, SMI_PKT_ERROR, library ? SMI_PKT_FLAG_LIBRARY : 0, code, call_id,
		     text, n, &dl);
}

void smi_rpc_run_handler(sm_rpc *rpc, struct smi_rpc_msg *msg)
{
	pthread_mutex_lock(&rpc->handler_lock);
	sm_rpc_handler_fn fn = rpc->handler;
	void *user = rpc->handler_user;
	pthread_mutex_unlock(&rpc->handler_lock);

	if (!fn) {
		smi_rpc_send_error(rpc, msg->epoch, msg->call_id, -SM_ENOHANDLER, true, "no handler registered");
		free(msg->data);
		return;
	}
	struct sm_rpc_reply reply;
	reply.rpc = rpc; /* not zeroed whole: `small` is written as used */
	reply.data = NULL;
	reply.len = 0;
	reply.lib_error = 0;
	reply.has_text = false;
	struct sm_rpc_request req = { rpc, msg->call_id, msg->data, msg->len };
	int rc = fn(user, &req, &reply);
	free(msg->data);
	msg->data = NULL;
	if (rc < 0) {
		smi_rpc_send_error(rpc, msg->epoch, msg->call_id, rc, false, reply.has_text ? reply.text : sm_strerror(rc));
	} else if (reply.lib_error == -SM_ESHUTDOWN) {
		/* closing: nothing goes out any more */
	} else if (reply.lib_error) {
		smi_rpc_send_error(rpc, msg->epoch, msg->call_id, reply.lib_error, true,
			   reply.lib_error == -EMSGSIZE ? "response larger than the channel's maximum"
							: "out of memory for the response");
	} else {
		struct smi_deadline dl = smi_deadline_from_ms(-1);
		int err = smi_rpc_send(rpc, msg->epoch, SMI_PKT_RESPONSE, 0, 0, msg->call_id,
				       reply.data, reply.len, &dl);
		if (err == -EMSGSIZE)
			smi_rpc_send_error(rpc, msg->epoch, msg->call_id, -EMSGSIZE, true, "response too large");
	}
	reply_drop(&reply);
}
