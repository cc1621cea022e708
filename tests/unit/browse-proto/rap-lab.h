/* The RAP suites' fixture: a browser like H1, the Samba master of the capture
 * tests/data/vectors/smb-netserverenum2.pcapng, and helpers to run its answers. */
#pragma once

#include <browse-proto/brw-list.h>
#include <browse-proto/brw-rap.h>

/* H1's lists as the capture shows them (frames 135 and 137): servers FAKESRV1 (type
 * 0x00018803, "fake server from brws_probe") and H1 itself (0x00849a03, "brlab H1", served
 * from `srv`, not the list); groups LABGRP (ours, master H1) and OTHERGRP (master H3).
 * Samba's RAP server sends versions 0.0, so the lab's are too. */
typedef struct {
    BrwRapServer srv;
    BrwList *servers;
    BrwList *domains;
} RapLab;

void rap_lab_init(RapLab *lab);
void rap_lab_clear(RapLab *lab);

/* Adds a local entry with version 0.0 to a list. */
void rap_lab_add(BrwList *list, const char *name, guint32 type, const char *comment);

/* A reply: parameters and data as the SMB layer would send them. */
typedef struct {
    MsStatus status;
    guint8 params[BRW_RAP_REPLY_PARAMS_MAX];
    gsize params_len;
    guint8 *data; /* BRW_RAP_DATA_MAX + 1 bytes */
    gsize data_len;
} RapReply;

/* brw_rap_serve() on `params` with at most max_params reply parameter bytes and max_data
 * data bytes (the transaction's MaxParameterCount and MaxDataCount). Free with
 * rap_reply_free(). */
RapReply *rap_serve(const BrwRapServer *srv, const guint8 *params, gsize len, gsize max_params,
                    gsize max_data);
/* Builds `req` and serves it with the largest limits. */
RapReply *rap_ask(const BrwRapServer *srv, const BrwRapRequest *req);
void rap_reply_free(RapReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RapReply, rap_reply_free)

/* The reply parameters of `reply` to a call of `opcode`, parsed (asserting they parse). */
BrwRapReplyParams rap_reply_params(const RapReply *reply, guint16 opcode);
