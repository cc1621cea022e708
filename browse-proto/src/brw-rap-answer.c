/* The server side: what a browser answers to each RAP call ([MS-RAP] 3.2.5, [MS-BRWS]
 * 3.3.5.6; rap.md §9, brws.md §11). This file dispatches and answers the calls that describe
 * this host (NetShareEnum, NetServerGetInfo, NetWkstaGetInfo); the server and machine-group
 * lists are brw-rap-answer-enum.c's. */
#include "brw-rap-private.h"

#include <browse-proto/brw-server-type.h>
#include <string.h>

/* A browser serves no files: its only share is the IPC$ that carries these calls
 * ([MS-RAP] 2.5.6.2 Type 3 = IPC; rap.md §9.4, RAP-053). */
#define IPC_SHARE "IPC$"
#define IPC_REMARK "IPC Service"
#define STYPE_IPC 3
/* Level 2's MaxUses: no limit ([MS-SRVS] SHARE_INFO_2 max_uses, 0xFFFF in 16 bits). */
#define MAX_USES_UNLIMITED 0xFFFF

void
brw_rap_server_from_engine(BrwRapServer *srv, BrwEngine *e)
{
    const BrwEngineConfig *cfg = brw_engine_config(e);
    memset(srv, 0, sizeof *srv);
    srv->role = brw_engine_role(e);
    srv->netbios_name = cfg->netbios_name;
    srv->workgroup = cfg->workgroup;
    srv->master = brw_engine_master(e);
    srv->comment = cfg->comment;
    srv->server_type = brw_engine_server_type(e);
    srv->version_major = cfg->os_major;
    srv->version_minor = cfg->os_minor;
    srv->servers = brw_engine_servers(e);
    srv->domains = brw_engine_domains(e);
}

/* Status and converter only: how RAP refuses a call it cannot parse further (Samba's
 * api_Unsupported, rap.md §8.5). */
static MsStatus
answer_error(guint16 status, guint16 converter, MsWriter *params)
{
    if (params->overflow || params->cap - params->len < 4)
        return MS_ERR_NO_SPACE;
    ms_writer_put_le16(params, status);
    ms_writer_put_le16(params, converter);
    return MS_OK;
}

static void
fill_share(guint index, BrwRapValue *v, gpointer user_data)
{
    (void)index;
    (void)user_data;
    /* "B13BWzWWWzB9B"; levels 0 and 1 use a prefix of it */
    v[0] = brw_rap_string(IPC_SHARE, 0);
    v[1].num = 0; /* pad */
    v[2].num = STYPE_IPC;
    v[3] = brw_rap_string(IPC_REMARK, 0);
    v[4].num = 0; /* permissions: share-level security is not in use */
    v[5].num = MAX_USES_UNLIMITED;
    v[6].num = 0; /* current uses */
    v[7] = brw_rap_string("", 0); /* path */
    /* v[8] password: zeros; v[9] pad */
}

void
brw_rap_answer_share_enum(const BrwRapRequest *req, const BrwRapServer *srv, MsWriter *data,
                          gsize limit, BrwRapReplyParams *rp)
{
    /* the level's own records, also when level 1 came with level 2's descriptor */
    const char *desc = brw_rap_data_desc(req->opcode, req->level);
    if (!desc) {
        rp->status = BRW_RAP_ERROR_INVALID_LEVEL;
        return;
    }
    const guint16 available = 1;
    guint packed = brw_rap_records_pack(data, limit, srv->converter, desc, available,
                                        fill_share, NULL);
    rp->count = (guint16)packed;
    rp->available = available;
    rp->status = brw_rap_enum_status(packed, available);
}

static void
fill_server_info(guint index, BrwRapValue *v, gpointer user_data)
{
    (void)index;
    const BrwRapServer *srv = user_data;
    /* "B16BBDz" ([MS-RAP] 2.5.5.1.2); level 0 is the name alone */
    v[0] = brw_rap_string(srv->netbios_name, 0);
    v[1].num = srv->version_major;
    v[2].num = srv->version_minor;
    v[3].num = brw_server_type_sanitize_announced(srv->server_type);
    v[4] = brw_rap_string(srv->comment, srv->comment_max);
}

static void
fill_wksta_info(guint index, BrwRapValue *v, gpointer user_data)
{
    (void)index;
    const BrwRapServer *srv = user_data;
    /* "zzzBBzz" ([MS-RAP] 2.5.10.4.1): ComputerName, UserName (nobody is logged on to a
     * daemon), LanGroup, version, LogonDomain, OtherDomains */
    v[0] = brw_rap_string(srv->netbios_name, 0);
    v[1] = brw_rap_string("", 0);
    v[2] = brw_rap_string(srv->workgroup, 0);
    v[3].num = srv->version_major;
    v[4].num = srv->version_minor;
    v[5] = brw_rap_string(srv->workgroup, 0);
    v[6] = brw_rap_string("", 0);
}

void
brw_rap_answer_get_info(const BrwRapRequest *req, const BrwRapServer *srv, MsWriter *data,
                        gsize limit, BrwRapReplyParams *rp)
{
    const char *desc = brw_rap_data_desc(req->opcode, req->level);
    if (!desc) {
        rp->status = BRW_RAP_ERROR_INVALID_LEVEL;
        return;
    }
    BrwRapFillFunc fill =
        req->opcode == BRW_RAP_NET_WKSTA_GET_INFO ? fill_wksta_info : fill_server_info;
    BrwRapServer us = *srv; /* the fill functions take a plain pointer */
    BrwRapValue v[BRW_RAP_FIELDS_MAX] = {{0}};
    fill(0, v, &us);
    gsize size = brw_rap_record_size(desc);
    gsize total = size + brw_rap_record_strings_size(desc, v);
    /* [MS-RAP] 3.2.5.3: TotalBytesAvailable is what the whole answer needs, so that a client
     * can ask again with that much (rap.md §8.6) */
    rp->available = (guint16)MIN(total, (gsize)G_MAXUINT16);
    if (brw_rap_records_pack(data, limit, srv->converter, desc, 1, fill, &us) == 1) {
        rp->status = BRW_RAP_SUCCESS;
        return;
    }
    /* [MS-RAP] 2.5.11: the fixed part alone, its strings null, with ERROR_MORE_DATA (RAP-054);
     * not even that: NERR_BufTooSmall */
    gsize room = data->overflow ? 0 : MIN(limit, data->cap - data->len);
    if (size > room) {
        rp->status = BRW_RAP_NERR_BUF_TOO_SMALL;
        return;
    }
    brw_rap_record_put(data, NULL, 0, srv->converter, desc, v);
    rp->status = BRW_RAP_ERROR_MORE_DATA;
}

MsStatus
brw_rap_answer(const BrwRapRequest *req, const BrwRapServer *srv, MsWriter *params,
               MsWriter *data)
{
    gsize need = brw_rap_reply_params_size(req->opcode);
    if (params->overflow || params->cap - params->len < need) {
        /* the transaction's MaxParameterCount is below the call's: Samba answers
         * NERR_BufTooSmall with no data (rap.md §8.4, RAP-030) */
        return answer_error(BRW_RAP_NERR_BUF_TOO_SMALL, srv->converter, params);
    }
    BrwRapReplyParams rp = {.converter = srv->converter};
    switch (req->opcode) {
    case BRW_RAP_NET_SERVER_ENUM2:
    case BRW_RAP_NET_SERVER_ENUM3:
        brw_rap_answer_server_enum(req, srv, data, req->receive_size, &rp);
        break;
    case BRW_RAP_NET_SHARE_ENUM:
        brw_rap_answer_share_enum(req, srv, data, req->receive_size, &rp);
        break;
    case BRW_RAP_NET_SERVER_GET_INFO:
    case BRW_RAP_NET_WKSTA_GET_INFO:
        brw_rap_answer_get_info(req, srv, data, req->receive_size, &rp);
        break;
    default:
        return answer_error(BRW_RAP_ERROR_NOT_SUPPORTED, srv->converter, params);
    }
    return brw_rap_reply_params_build(req->opcode, &rp, params);
}

MsStatus
brw_rap_serve(const guint8 *params, gsize params_len, const guint8 *data, gsize data_len,
              const BrwRapServer *srv, MsWriter *out_params, MsWriter *out_data)
{
    (void)data; /* no call we serve has a send buffer */
    (void)data_len;
    BrwRapRequest req;
    switch (brw_rap_request_parse(params, params_len, &req)) {
    case MS_OK:
        return brw_rap_answer(&req, srv, out_params, out_data);
    case MS_ERR_UNSUPPORTED:
        /* RAP-056: as Samba; [MS-RAP] leaves unknown opcodes to the implementation */
        return answer_error(BRW_RAP_ERROR_NOT_SUPPORTED, srv->converter, out_params);
    case MS_ERR_BAD_HEADER:
        /* [MS-RAP] 3.2.5.x step 1: a descriptor the call does not take */
        return answer_error(BRW_RAP_ERROR_INVALID_PARAMETER, srv->converter, out_params);
    default:
        return MS_ERR_TRUNCATED;
    }
}
