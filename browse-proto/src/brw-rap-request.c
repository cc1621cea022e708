/* RAP requests: the opcode, the two descriptor strings and the parameters they lay out
 * ([MS-RAP] 2.5.1, 2.5.5-2.5.10; rap.md §8.1, §9.1). The server checks the descriptors
 * against what each call takes; the client writes them. */
#include "brw-rap-private.h"

#include <string.h>

#define LEVELS_MAX 3

/* What one call takes. NetShareEnum level 1 also accepts the level-2 descriptor: Samba does
 * (check_share_info, "allowed and ignored"), so some client sends it; the records are
 * still level 1's. */
typedef struct {
    guint16 opcode;
    const char *param_desc;
    const char *param_desc_no_domain; /* NetServerEnum2 without Domain ([MS-RAP] 2.5.5.2.1) */
    struct {
        guint16 level;
        const char *data_desc; /* NULL ends the list */
        const char *also;
    } levels[LEVELS_MAX];
} Call;

static const Call CALLS[] = {
    /* [MS-RAP] 2.5.6.1 */
    {BRW_RAP_NET_SHARE_ENUM,
     "WrLeh",
     NULL,
     {{0, "B13", NULL}, {1, "B13BWz", "B13BWzWWWzB9B"}, {2, "B13BWzWWWzB9B", NULL}}},
    /* [MS-RAP] 2.5.5.1 */
    {BRW_RAP_NET_SERVER_GET_INFO, "WrLh", NULL, {{0, "B16", NULL}, {1, "B16BBDz", NULL}}},
    /* [MS-RAP] 2.5.10.1: only level 10 */
    {BRW_RAP_NET_WKSTA_GET_INFO, "WrLh", NULL, {{10, "zzzBBzz", NULL}}},
    /* [MS-RAP] 2.5.5.2.1: "WrLehDO" with the letter O, a null Domain pointer */
    {BRW_RAP_NET_SERVER_ENUM2,
     "WrLehDz",
     "WrLehDO",
     {{0, "B16", NULL}, {1, "B16BBDz", NULL}}},
    /* [MS-RAP] 2.5.5.3.1 */
    {BRW_RAP_NET_SERVER_ENUM3, "WrLehDzz", NULL, {{0, "B16", NULL}, {1, "B16BBDz", NULL}}},
};

/* The sent parameters of every call we know come in this order (W, L, D, z, z). */
enum { P_LEVEL, P_RECEIVE, P_TYPE, P_DOMAIN, P_FIRST, P_COUNT };

static const Call *
find_call(guint16 opcode)
{
    for (gsize i = 0; i < G_N_ELEMENTS(CALLS); i++) {
        if (CALLS[i].opcode == opcode)
            return &CALLS[i];
    }
    return NULL;
}

const char *
brw_rap_param_desc(guint16 opcode, gboolean with_domain)
{
    const Call *call = find_call(opcode);
    if (!call)
        return NULL;
    return with_domain || !call->param_desc_no_domain ? call->param_desc
                                                       : call->param_desc_no_domain;
}

const char *
brw_rap_data_desc(guint16 opcode, guint16 level)
{
    const Call *call = find_call(opcode);
    for (guint i = 0; call && i < LEVELS_MAX && call->levels[i].data_desc; i++) {
        if (call->levels[i].level == level)
            return call->levels[i].data_desc;
    }
    return NULL;
}

/* TRUE when `desc` is what the call takes at `level`, or the level is not one it has (that
 * is ERROR_INVALID_LEVEL, decided by the answer). Byte-exact: descriptors are case-sensitive
 * (rap.md §8.5). */
static gboolean
data_desc_ok(const Call *call, guint16 level, const char *desc)
{
    for (guint i = 0; i < LEVELS_MAX && call->levels[i].data_desc; i++) {
        if (call->levels[i].level != level)
            continue;
        return strcmp(desc, call->levels[i].data_desc) == 0 ||
               (call->levels[i].also && strcmp(desc, call->levels[i].also) == 0);
    }
    return TRUE;
}

/* A descriptor string: NUL-terminated inside the parameters, or the request is not RAP. */
static gboolean
get_desc(MsReader *r, const char **out)
{
    gsize remaining = ms_reader_remaining(r);
    const guint8 *start = ms_reader_peek(r);
    const guint8 *nul = remaining ? memchr(start, '\0', remaining) : NULL;
    if (!nul)
        return FALSE;
    *out = (const char *)start;
    return ms_reader_skip(r, (gsize)(nul - start) + 1);
}

MsStatus
brw_rap_request_parse(const guint8 *params, gsize len, BrwRapRequest *out)
{
    memset(out, 0, sizeof *out);
    MsReader r = ms_reader_init(params, len);
    const char *param_desc, *data_desc;
    if (!ms_reader_get_le16(&r, &out->opcode))
        return MS_ERR_TRUNCATED;
    if (!get_desc(&r, &param_desc) || !get_desc(&r, &data_desc))
        return MS_ERR_TRUNCATED;
    out->data_desc = data_desc;

    const Call *call = find_call(out->opcode);
    if (!call)
        return MS_ERR_UNSUPPORTED;
    /* [MS-RAP] 3.2.5.x step 1: the ParamDesc must be the call's, before anything is read */
    gboolean with_domain = strcmp(param_desc, call->param_desc) == 0;
    if (!with_domain && !(call->param_desc_no_domain &&
                          strcmp(param_desc, call->param_desc_no_domain) == 0))
        return MS_ERR_BAD_HEADER;

    BrwRapValue v[BRW_RAP_FIELDS_MAX];
    guint n;
    if (!brw_rap_params_get(&r, param_desc, v, &n) || n <= P_RECEIVE)
        return MS_ERR_TRUNCATED;
    out->level = (guint16)v[P_LEVEL].num;
    out->receive_size = (guint16)v[P_RECEIVE].num;
    if (n > P_TYPE)
        out->server_type = v[P_TYPE].num;
    if (n > P_DOMAIN)
        out->domain = v[P_DOMAIN].str;
    if (n > P_FIRST)
        out->first_name = v[P_FIRST].str;
    if (!data_desc_ok(call, out->level, data_desc))
        return MS_ERR_BAD_HEADER;
    return MS_OK;
}

static BrwRapValue
string_value(const char *s)
{
    BrwRapValue v = {.str = s ? s : "", .len = s ? strlen(s) : 0};
    return v;
}

MsStatus
brw_rap_request_build(const BrwRapRequest *req, MsWriter *w)
{
    const Call *call = find_call(req->opcode);
    if (!call)
        return MS_ERR_INVALID_ARG;
    gboolean with_domain = req->opcode != BRW_RAP_NET_SERVER_ENUM2 || req->domain != NULL;
    const char *param_desc = brw_rap_param_desc(req->opcode, with_domain);
    const char *data_desc =
        req->data_desc ? req->data_desc : brw_rap_data_desc(req->opcode, req->level);
    if (!data_desc)
        return MS_ERR_INVALID_ARG;

    BrwRapValue v[P_COUNT] = {
        [P_LEVEL] = {.num = req->level},
        [P_RECEIVE] = {.num = req->receive_size},
        [P_TYPE] = {.num = req->server_type},
        [P_DOMAIN] = string_value(req->domain),
        [P_FIRST] = string_value(req->first_name),
    };
    ms_writer_put_le16(w, req->opcode);
    ms_writer_put_bytes(w, param_desc, strlen(param_desc) + 1);
    ms_writer_put_bytes(w, data_desc, strlen(data_desc) + 1);
    brw_rap_params_put(w, param_desc, v);
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

void
brw_rap_request_init_enum(BrwRapRequest *req, guint32 server_type, const char *domain,
                          const char *first_name)
{
    memset(req, 0, sizeof *req);
    req->opcode = first_name ? BRW_RAP_NET_SERVER_ENUM3 : BRW_RAP_NET_SERVER_ENUM2;
    /* level 1: names with types and comments, what a list copy needs ([MS-BRWS] 3.1.4.1) */
    req->level = 1;
    req->receive_size = BRW_RAP_CLIENT_BUFFER;
    req->server_type = server_type;
    req->domain = domain;
    req->first_name = first_name;
}
