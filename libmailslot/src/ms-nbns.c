/* NetBIOS name service packets: RFC 1002 §4.2. */
#include <libmailslot/ms-nbns.h>

#include <string.h>

#define NB_ENTRY_LEN 6
#define NODE_STATUS_ENTRY_LEN 18
/* The pointer to the question name, which starts right after the 12-byte header. */
#define QUESTION_NAME_POINTER 0xC00C
/* A record's fixed part after its name: TYPE, CLASS, TTL, RDLENGTH. */
#define RR_FIXED_LEN 10

const char *
ms_nbns_opcode_to_string(MsNbnsOpcode opcode)
{
    switch (opcode) {
    case MS_NBNS_OP_QUERY:
        return "query";
    case MS_NBNS_OP_REGISTRATION:
        return "registration";
    case MS_NBNS_OP_RELEASE:
        return "release";
    case MS_NBNS_OP_WACK:
        return "wack";
    case MS_NBNS_OP_REFRESH:
    case MS_NBNS_OP_REFRESH_ALT:
        return "refresh";
    case MS_NBNS_OP_MULTIHOMED:
        return "multihomed-registration";
    }
    return "unknown";
}

static gboolean
opcode_is_known(guint opcode)
{
    switch (opcode) {
    case MS_NBNS_OP_QUERY:
    case MS_NBNS_OP_REGISTRATION:
    case MS_NBNS_OP_RELEASE:
    case MS_NBNS_OP_WACK:
    case MS_NBNS_OP_REFRESH:
    case MS_NBNS_OP_REFRESH_ALT:
    case MS_NBNS_OP_MULTIHOMED:
        return TRUE;
    default:
        return FALSE;
    }
}

static MsStatus
read_u16_pair(MsReader *r, guint16 *a, guint16 *b)
{
    if (!ms_reader_get_be16(r, a) || !ms_reader_get_be16(r, b))
        return MS_ERR_TRUNCATED;
    return MS_OK;
}

static MsStatus
decode_record(const guint8 *buf, gsize len, MsReader *r, MsNbnsRecord *rr)
{
    gsize pos = r->pos;
    MsStatus st = ms_name_read(buf, len, &pos, TRUE, &rr->name, NULL);
    if (st != MS_OK)
        return st;
    rr->name_is_question_pointer =
        pos == r->pos + 2 && ((buf[r->pos] << 8) | buf[r->pos + 1]) == QUESTION_NAME_POINTER;
    r->pos = pos;
    if ((st = read_u16_pair(r, &rr->type, &rr->klass)) != MS_OK)
        return st;
    if (!ms_reader_get_be32(r, &rr->ttl) || !ms_reader_get_be16(r, &rr->rdlength) ||
        !ms_reader_get_bytes(r, rr->rdlength, &rr->rdata))
        return MS_ERR_TRUNCATED;
    if (rr->klass != MS_NBNS_CLASS_IN)
        return MS_ERR_UNSUPPORTED;
    switch (rr->type) {
    case MS_NBNS_TYPE_NB:
        return rr->rdlength % NB_ENTRY_LEN == 0 ? MS_OK : MS_ERR_BAD_LENGTH;
    case MS_NBNS_TYPE_NBSTAT:
    case MS_NBNS_TYPE_NULL:
        return MS_OK;
    default: /* A and NS only appear in redirect responses from an NBNS */
        return MS_ERR_UNSUPPORTED;
    }
}

MsStatus
ms_nbns_decode(const guint8 *buf, gsize len, MsNbnsPacket *out)
{
    MsReader r = ms_reader_init(buf, len);
    guint16 qdcount, ancount, nscount, arcount;
    MsNbnsPacket p;
    MsStatus st;

    memset(&p, 0, sizeof p);
    if (!ms_reader_get_be16(&r, &p.trn_id) || !ms_reader_get_be16(&r, &p.flags) ||
        !ms_reader_get_be16(&r, &qdcount) || !ms_reader_get_be16(&r, &ancount) ||
        !ms_reader_get_be16(&r, &nscount) || !ms_reader_get_be16(&r, &arcount))
        return MS_ERR_TRUNCATED;
    if ((p.flags & MS_NBNS_FLAG_MBZ) || !opcode_is_known(ms_nbns_opcode(&p)))
        return MS_ERR_BAD_HEADER;
    if (qdcount > 1 || ancount > 1 || nscount > 0 || arcount > 1)
        return MS_ERR_UNSUPPORTED;

    if (qdcount) {
        gsize pos = r.pos;
        if ((st = ms_name_read(buf, len, &pos, TRUE, &p.question_name, NULL)) != MS_OK)
            return st;
        r.pos = pos;
        if ((st = read_u16_pair(&r, &p.question_type, &p.question_class)) != MS_OK)
            return st;
        if ((p.question_type != MS_NBNS_TYPE_NB && p.question_type != MS_NBNS_TYPE_NBSTAT) ||
            p.question_class != MS_NBNS_CLASS_IN)
            return MS_ERR_UNSUPPORTED;
        p.has_question = TRUE;
    }
    if (ancount) {
        if ((st = decode_record(buf, len, &r, &p.answer)) != MS_OK)
            return st;
        p.has_answer = TRUE;
    }
    if (arcount) {
        if ((st = decode_record(buf, len, &r, &p.additional)) != MS_OK)
            return st;
        p.has_additional = TRUE;
    }
    /* Offset 12 holds the question name only when there is a question. */
    if (!p.has_question)
        p.answer.name_is_question_pointer = p.additional.name_is_question_pointer = FALSE;
    *out = p;
    return MS_OK;
}

static MsStatus
encode_record(const MsNbnsPacket *p, const MsNbnsRecord *rr, MsWriter *w)
{
    if (rr->name_is_question_pointer) {
        if (!p->has_question)
            return MS_ERR_INVALID_ARG;
        ms_writer_put_be16(w, QUESTION_NAME_POINTER);
    } else {
        ms_name_write(w, &rr->name);
    }
    ms_writer_put_be16(w, rr->type);
    ms_writer_put_be16(w, rr->klass);
    ms_writer_put_be32(w, rr->ttl);
    ms_writer_put_be16(w, rr->rdlength);
    ms_writer_put_bytes(w, rr->rdata, rr->rdlength);
    return MS_OK;
}

MsStatus
ms_nbns_encode(const MsNbnsPacket *p, MsWriter *w)
{
    MsStatus st;
    ms_writer_put_be16(w, p->trn_id);
    ms_writer_put_be16(w, p->flags);
    ms_writer_put_be16(w, p->has_question ? 1 : 0);
    ms_writer_put_be16(w, p->has_answer ? 1 : 0);
    ms_writer_put_be16(w, 0);
    ms_writer_put_be16(w, p->has_additional ? 1 : 0);
    if (p->has_question) {
        ms_name_write(w, &p->question_name);
        ms_writer_put_be16(w, p->question_type);
        ms_writer_put_be16(w, p->question_class);
    }
    if (p->has_answer && (st = encode_record(p, &p->answer, w)) != MS_OK)
        return st;
    if (p->has_additional && (st = encode_record(p, &p->additional, w)) != MS_OK)
        return st;
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

guint
ms_nbns_nb_entry_count(const MsNbnsRecord *rr)
{
    return rr->type == MS_NBNS_TYPE_NB ? rr->rdlength / NB_ENTRY_LEN : 0;
}

gboolean
ms_nbns_nb_entry(const MsNbnsRecord *rr, guint index, MsNbAddrEntry *out)
{
    if (index >= ms_nbns_nb_entry_count(rr))
        return FALSE;
    MsReader r = ms_reader_init(rr->rdata + (gsize)index * NB_ENTRY_LEN, NB_ENTRY_LEN);
    return ms_reader_get_be16(&r, &out->nb_flags) && ms_reader_get_be32(&r, &out->addr);
}

MsStatus
ms_node_status_parse(const guint8 *rdata, gsize len, MsNodeStatus *out)
{
    MsReader r = ms_reader_init(rdata, len);
    guint8 num;
    if (!ms_reader_get_u8(&r, &num))
        return MS_ERR_TRUNCATED;
    if (ms_reader_remaining(&r) < (gsize)num * NODE_STATUS_ENTRY_LEN)
        return MS_ERR_TRUNCATED;
    out->num_names = num;
    for (guint i = 0; i < num; i++) {
        const guint8 *name;
        if (!ms_reader_get_bytes(&r, MS_NAME_LEN, &name)) /* cannot fail: length checked */
            return MS_ERR_TRUNCATED;
        memcpy(out->names[i].name, name, MS_NAME_LEN);
        ms_reader_get_be16(&r, &out->names[i].flags);
    }
    gsize stats = MIN(ms_reader_remaining(&r), (gsize)MS_NODE_STATUS_STATS_LEN);
    memset(out->statistics, 0, sizeof out->statistics);
    memcpy(out->statistics, ms_reader_peek(&r), stats);
    return MS_OK;
}

/* ---- builders ---------------------------------------------------------------------- */

static guint16
flags_word(gboolean response, MsNbnsOpcode opcode, guint16 nm_flags, guint rcode)
{
    return (guint16)((response ? MS_NBNS_FLAG_RESPONSE : 0) | ((guint)opcode << 11) | nm_flags |
                     (rcode & MS_NBNS_RCODE_MASK));
}

static void
nb_entry_to_bytes(const MsNbAddrEntry *e, guint8 out[NB_ENTRY_LEN])
{
    MsWriter w = ms_writer_init(out, NB_ENTRY_LEN);
    ms_writer_put_be16(&w, e->nb_flags);
    ms_writer_put_be32(&w, e->addr);
}

static void
set_record(MsNbnsRecord *rr, const MsName *name, guint16 type, guint32 ttl, const guint8 *rdata,
           gsize rdlength)
{
    rr->name = *name;
    rr->name_is_question_pointer = FALSE;
    rr->type = type;
    rr->klass = MS_NBNS_CLASS_IN;
    rr->ttl = ttl;
    rr->rdata = rdata;
    rr->rdlength = (guint16)rdlength;
}

static MsStatus
build_question(MsWriter *w, guint16 trn_id, guint16 flags, const MsName *name, guint16 type)
{
    MsNbnsPacket p = {0};
    p.trn_id = trn_id;
    p.flags = flags;
    p.has_question = TRUE;
    p.question_name = *name;
    p.question_type = type;
    p.question_class = MS_NBNS_CLASS_IN;
    return ms_nbns_encode(&p, w);
}

MsStatus
ms_nbns_build_name_query(MsWriter *w, guint16 trn_id, const MsName *name, gboolean broadcast)
{
    /* RFC 1002 §4.2.12: RD set, B when broadcast */
    guint16 nm = (guint16)(MS_NBNS_FLAG_RD | (broadcast ? MS_NBNS_FLAG_BROADCAST : 0));
    return build_question(w, trn_id, flags_word(FALSE, MS_NBNS_OP_QUERY, nm, 0), name,
                          MS_NBNS_TYPE_NB);
}

MsStatus
ms_nbns_build_node_status_request(MsWriter *w, guint16 trn_id, const MsName *name,
                                  gboolean broadcast)
{
    /* RFC 1002 §4.2.17: no RD */
    guint16 nm = broadcast ? MS_NBNS_FLAG_BROADCAST : 0;
    return build_question(w, trn_id, flags_word(FALSE, MS_NBNS_OP_QUERY, nm, 0), name,
                          MS_NBNS_TYPE_NBSTAT);
}

MsStatus
ms_nbns_build_name_request(MsWriter *w, MsNbnsOpcode opcode, gboolean recursion, guint16 trn_id,
                           const MsName *name, const MsNbAddrEntry *entry, guint32 ttl,
                           gboolean broadcast)
{
    guint8 rdata[NB_ENTRY_LEN];
    MsNbnsPacket p = {0};
    guint16 nm = (guint16)((recursion ? MS_NBNS_FLAG_RD : 0) |
                           (broadcast ? MS_NBNS_FLAG_BROADCAST : 0));

    nb_entry_to_bytes(entry, rdata);
    p.trn_id = trn_id;
    p.flags = flags_word(FALSE, opcode, nm, 0);
    p.has_question = TRUE;
    p.question_name = *name;
    p.question_type = MS_NBNS_TYPE_NB;
    p.question_class = MS_NBNS_CLASS_IN;
    p.has_additional = TRUE;
    set_record(&p.additional, name, MS_NBNS_TYPE_NB, ttl, rdata, sizeof rdata);
    /* RFC 1002 §4.2.2: the RR_NAME is a pointer to the question name */
    p.additional.name_is_question_pointer = TRUE;
    return ms_nbns_encode(&p, w);
}

MsStatus
ms_nbns_build_registration(MsWriter *w, guint16 trn_id, const MsName *name,
                           const MsNbAddrEntry *entry, guint32 ttl, gboolean broadcast)
{
    /* RFC 1002 §4.2.2: a B-node's broadcast registration carries TTL 0 */
    return ms_nbns_build_name_request(w, MS_NBNS_OP_REGISTRATION, TRUE, trn_id, name, entry,
                                      broadcast ? 0 : ttl, broadcast);
}

MsStatus
ms_nbns_build_release(MsWriter *w, guint16 trn_id, const MsName *name, const MsNbAddrEntry *entry,
                      gboolean broadcast)
{
    /* RFC 1002 §4.2.9: no RD, TTL 0 */
    return ms_nbns_build_name_request(w, MS_NBNS_OP_RELEASE, FALSE, trn_id, name, entry, 0,
                                      broadcast);
}

static MsStatus
build_answer(MsWriter *w, guint16 trn_id, guint16 flags, const MsName *name, guint16 type,
             guint32 ttl, const guint8 *rdata, gsize rdlength)
{
    MsNbnsPacket p = {0};
    p.trn_id = trn_id;
    p.flags = flags;
    p.has_answer = TRUE;
    set_record(&p.answer, name, type, ttl, rdata, rdlength);
    return ms_nbns_encode(&p, w);
}

MsStatus
ms_nbns_build_registration_response(MsWriter *w, guint16 trn_id, MsNbnsRcode rcode,
                                    const MsName *name, const MsNbAddrEntry *entry, guint32 ttl)
{
    /* RFC 1002 §4.2.5-4.2.8: AA, RD and RA set (0xAD80 | rcode) */
    guint8 rdata[NB_ENTRY_LEN];
    nb_entry_to_bytes(entry, rdata);
    guint16 nm = MS_NBNS_FLAG_AA | MS_NBNS_FLAG_RD | MS_NBNS_FLAG_RA;
    return build_answer(w, trn_id, flags_word(TRUE, MS_NBNS_OP_REGISTRATION, nm, rcode), name,
                        MS_NBNS_TYPE_NB, ttl, rdata, sizeof rdata);
}

MsStatus
ms_nbns_build_release_response(MsWriter *w, guint16 trn_id, MsNbnsRcode rcode, const MsName *name,
                               const MsNbAddrEntry *entry)
{
    /* RFC 1002 §4.2.10-4.2.11: AA only (0xB400 | rcode), TTL 0 */
    guint8 rdata[NB_ENTRY_LEN];
    nb_entry_to_bytes(entry, rdata);
    return build_answer(w, trn_id, flags_word(TRUE, MS_NBNS_OP_RELEASE, MS_NBNS_FLAG_AA, rcode),
                        name, MS_NBNS_TYPE_NB, 0, rdata, sizeof rdata);
}

/* Room left for RDATA in one 576-byte packet holding a single answer for `name`. */
static gsize
answer_rdata_room(const MsName *name)
{
    return MS_NBNS_MAX_PACKET - MS_NBNS_HEADER_LEN - ms_name_encoded_len(name) - RR_FIXED_LEN;
}

MsStatus
ms_nbns_build_query_response(MsWriter *w, guint16 trn_id, const MsName *name,
                             const MsNbAddrEntry *entries, guint n_entries, guint32 ttl)
{
    if (n_entries == 0)
        return MS_ERR_INVALID_ARG;
    guint fit = (guint)MIN((gsize)n_entries, answer_rdata_room(name) / NB_ENTRY_LEN);
    guint8 rdata[MS_NBNS_MAX_PACKET];
    for (guint i = 0; i < fit; i++)
        nb_entry_to_bytes(&entries[i], rdata + (gsize)i * NB_ENTRY_LEN);
    /* RFC 1002 §4.2.13: AA and RD (0x8500); TC when entries were left out */
    guint16 nm = (guint16)(MS_NBNS_FLAG_AA | MS_NBNS_FLAG_RD |
                           (fit < n_entries ? MS_NBNS_FLAG_TC : 0));
    return build_answer(w, trn_id, flags_word(TRUE, MS_NBNS_OP_QUERY, nm, 0), name,
                        MS_NBNS_TYPE_NB, ttl, rdata, (gsize)fit * NB_ENTRY_LEN);
}

MsStatus
ms_nbns_build_negative_query_response(MsWriter *w, guint16 trn_id, MsNbnsRcode rcode,
                                      const MsName *name)
{
    guint16 nm = MS_NBNS_FLAG_AA | MS_NBNS_FLAG_RD;
    return build_answer(w, trn_id, flags_word(TRUE, MS_NBNS_OP_QUERY, nm, rcode), name,
                        MS_NBNS_TYPE_NULL, 0, NULL, 0);
}

MsStatus
ms_nbns_build_wack(MsWriter *w, guint16 trn_id, const MsName *name, guint32 ttl,
                   guint16 request_flags)
{
    /* RFC 1002 §4.2.16: 0xBC00, NULL record, RDATA = the request's flags word */
    guint8 rdata[2] = {(guint8)(request_flags >> 8), (guint8)request_flags};
    return build_answer(w, trn_id, flags_word(TRUE, MS_NBNS_OP_WACK, MS_NBNS_FLAG_AA, 0), name,
                        MS_NBNS_TYPE_NULL, ttl, rdata, sizeof rdata);
}

MsStatus
ms_nbns_build_node_status_response(MsWriter *w, guint16 trn_id, const MsName *name,
                                   const MsNodeStatus *status)
{
    gsize room = answer_rdata_room(name) - 1 - MS_NODE_STATUS_STATS_LEN;
    guint fit = (guint)MIN((gsize)status->num_names, room / NODE_STATUS_ENTRY_LEN);
    guint8 rdata[MS_NBNS_MAX_PACKET];
    MsWriter rw = ms_writer_init(rdata, sizeof rdata);

    ms_writer_put_u8(&rw, (guint8)fit);
    for (guint i = 0; i < fit; i++) {
        ms_writer_put_bytes(&rw, status->names[i].name, MS_NAME_LEN);
        ms_writer_put_be16(&rw, status->names[i].flags);
    }
    ms_writer_put_bytes(&rw, status->statistics, MS_NODE_STATUS_STATS_LEN);
    /* RFC 1002 §4.2.18: 0x8400, TTL 0; TC when names were left out (NBT-017) */
    guint16 nm = (guint16)(MS_NBNS_FLAG_AA | (fit < status->num_names ? MS_NBNS_FLAG_TC : 0));
    return build_answer(w, trn_id, flags_word(TRUE, MS_NBNS_OP_QUERY, nm, 0), name,
                        MS_NBNS_TYPE_NBSTAT, 0, rdata, rw.len);
}
