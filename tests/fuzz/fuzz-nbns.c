/* Fuzzes the name-service decoder. A packet that decodes must re-encode to something that
 * decodes to the same fields; its RDATA helpers must stay inside the record. */
#include <libmailslot/ms-nbns.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

static void
check_record(const MsNbnsRecord *a, const MsNbnsRecord *b)
{
    FUZZ_CHECK(ms_name_equal(&a->name, &b->name));
    FUZZ_CHECK(a->type == b->type && a->klass == b->klass && a->ttl == b->ttl);
    FUZZ_CHECK(a->rdlength == b->rdlength && memcmp(a->rdata, b->rdata, a->rdlength) == 0);
}

static void
walk_rdata(const MsNbnsRecord *rr)
{
    MsNbAddrEntry e;
    guint n = ms_nbns_nb_entry_count(rr);
    for (guint i = 0; i < n; i++)
        FUZZ_CHECK(ms_nbns_nb_entry(rr, i, &e));
    FUZZ_CHECK(!ms_nbns_nb_entry(rr, n, &e));
    if (rr->type == MS_NBNS_TYPE_NBSTAT) {
        static MsNodeStatus status;
        if (ms_node_status_parse(rr->rdata, rr->rdlength, &status) == MS_OK)
            FUZZ_CHECK(status.num_names <= MS_NODE_STATUS_MAX_NAMES);
    }
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    MsNbnsPacket p;
    if (ms_nbns_decode(data, size, &p) != MS_OK)
        return 0;
    if (p.has_answer)
        walk_rdata(&p.answer);
    if (p.has_additional)
        walk_rdata(&p.additional);

    guint8 buf[4096];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = ms_nbns_encode(&p, &w);
    FUZZ_CHECK(st == MS_OK);
    MsNbnsPacket q;
    FUZZ_CHECK(ms_nbns_decode(buf, w.len, &q) == MS_OK);
    FUZZ_CHECK(p.trn_id == q.trn_id && p.flags == q.flags);
    FUZZ_CHECK(p.has_question == q.has_question && p.has_answer == q.has_answer &&
               p.has_additional == q.has_additional);
    if (p.has_question)
        FUZZ_CHECK(ms_name_equal(&p.question_name, &q.question_name) &&
                   p.question_type == q.question_type);
    if (p.has_answer)
        check_record(&p.answer, &q.answer);
    if (p.has_additional)
        check_record(&p.additional, &q.additional);
    return 0;
}
