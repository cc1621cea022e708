#include "rap-lab.h"

#include <string.h>

#include "test-util.h"

void
rap_lab_add(BrwList *list, const char *name, guint32 type, const char *comment)
{
    BrwListEntry e = {.server_type = type, .source = BRW_SOURCE_LOCAL};
    g_strlcpy(e.name, name, sizeof e.name);
    g_strlcpy(e.comment, comment, sizeof e.comment);
    CU_ASSERT_EQUAL(brw_list_update(list, &e, 0, 60 * G_USEC_PER_SEC), BRW_LIST_ADDED);
}

void
rap_lab_init(RapLab *lab)
{
    memset(lab, 0, sizeof *lab);
    lab->servers = brw_list_new(0);
    lab->domains = brw_list_new(0);
    rap_lab_add(lab->servers, "FAKESRV1", 0x00018803, "fake server from brws_probe");
    rap_lab_add(lab->domains, "OTHERGRP", 0x80001000, "H3");
    lab->srv = (BrwRapServer){
        .role = BRW_ROLE_MASTER,
        .netbios_name = "H1",
        .workgroup = "LABGRP",
        .master = "H1",
        .comment = "brlab H1",
        .server_type = 0x00849a03,
        .servers = lab->servers,
        .domains = lab->domains,
    };
}

void
rap_lab_clear(RapLab *lab)
{
    brw_list_free(lab->servers);
    brw_list_free(lab->domains);
    memset(lab, 0, sizeof *lab);
}

RapReply *
rap_serve(const BrwRapServer *srv, const guint8 *params, gsize len, gsize max_params,
          gsize max_data)
{
    RapReply *reply = g_new0(RapReply, 1);
    reply->data = g_malloc0(BRW_RAP_DATA_MAX + 1);
    MsWriter p = ms_writer_init(reply->params, MIN(max_params, sizeof reply->params));
    MsWriter d = ms_writer_init(reply->data, MIN(max_data, (gsize)BRW_RAP_DATA_MAX + 1));
    reply->status = brw_rap_serve(params, len, NULL, 0, srv, &p, &d);
    CU_ASSERT_FALSE(p.overflow);
    CU_ASSERT_FALSE(d.overflow);
    reply->params_len = p.len;
    reply->data_len = d.len;
    return reply;
}

RapReply *
rap_ask(const BrwRapServer *srv, const BrwRapRequest *req)
{
    guint8 buf[1024];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_rap_request_build(req, &w), MS_OK);
    return rap_serve(srv, buf, w.len, BRW_RAP_REPLY_PARAMS_MAX, BRW_RAP_DATA_MAX);
}

void
rap_reply_free(RapReply *reply)
{
    g_free(reply->data);
    g_free(reply);
}

BrwRapReplyParams
rap_reply_params(const RapReply *reply, guint16 opcode)
{
    BrwRapReplyParams rp;
    CU_ASSERT_EQUAL(reply->status, MS_OK);
    CU_ASSERT_EQUAL(brw_rap_reply_params_parse(opcode, reply->params, reply->params_len, &rp),
                    MS_OK);
    return rp;
}
