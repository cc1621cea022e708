/* The client's paging through a whole list (brw_rap_pager, RAP-059, RAP-052): against our
 * own server (rap-lab.c) with small transaction buffers, and against hostile or old servers
 * made up from reply parameters. */
#include <CUnit/Basic.h>
#include <browse-proto/brw-server-type.h>
#include <string.h>

#include "rap-lab.h"
#include "test-util.h"

/* Builds the pager's next request, serves it with at most max_data reply data bytes, and
 * hands the reply back. */
static BrwRapPagerStep
round_trip(BrwRapPager *p, const BrwRapServer *srv, gsize max_data)
{
    guint8 buf[512];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_rap_pager_request(p, &w), MS_OK);
    g_autoptr(RapReply) r = rap_serve(srv, buf, w.len, BRW_RAP_REPLY_PARAMS_MAX, max_data);
    CU_ASSERT_EQUAL_FATAL(r->status, MS_OK);
    return brw_rap_pager_reply(p, r->params, r->params_len, r->data, r->data_len);
}

static void
fill(RapLab *lab, guint n)
{
    for (guint i = 0; i < n; i++) {
        char name[16], comment[32];
        g_snprintf(name, sizeof name, "SRV%05u", i);
        g_snprintf(comment, sizeof comment, "server number %u", i);
        rap_lab_add(lab->servers, name, BRW_SV_TYPE_SERVER | BRW_SV_TYPE_WORKSTATION, comment);
    }
}

/* RAP-059, RAP-052: ERROR_MORE_DATA is followed with NetServerEnum3 from the last name
 * until the list is whole: every entry once, in order, the resumed name not repeated. */
static void
test_rap_059_pages_through_whole_list(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    fill(&lab, 500);
    BrwRapPager p;
    brw_rap_pager_init(&p, BRW_SV_TYPE_ALL, NULL, 10000);
    BrwRapPagerStep step;
    guint rounds = 0;
    /* 2,000 data bytes hold about 40 records with their comments */
    while ((step = round_trip(&p, &lab.srv, 2000)) == BRW_RAP_PAGER_MORE)
        rounds++;
    CU_ASSERT_EQUAL(step, BRW_RAP_PAGER_DONE);
    CU_ASSERT(rounds >= 10);
    /* the lab's 500, plus FAKESRV1 and H1 from the fixture */
    CU_ASSERT_EQUAL(p.entries->len, 502);
    for (guint i = 1; i < p.entries->len; i++)
        CU_ASSERT(g_ascii_strcasecmp(g_array_index(p.entries, BrwListEntry, i - 1).name,
                                     g_array_index(p.entries, BrwListEntry, i).name) < 0);
    const BrwListEntry *last = &g_array_index(p.entries, BrwListEntry, p.entries->len - 1);
    CU_ASSERT_STRING_EQUAL(last->name, "SRV00499");
    CU_ASSERT_STRING_EQUAL(last->comment, "server number 499");
    CU_ASSERT_EQUAL(last->source, BRW_SOURCE_SYNC);
    brw_rap_pager_clear(&p);
    rap_lab_clear(&lab);
}

/* The domain list is one call too: SV_TYPE_DOMAIN_ENUM, comments are the masters. */
static void
test_rap_059_domain_list(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    BrwRapPager p;
    brw_rap_pager_init(&p, BRW_SV_TYPE_DOMAIN_ENUM, NULL, 100);
    CU_ASSERT_EQUAL(round_trip(&p, &lab.srv, BRW_RAP_DATA_MAX), BRW_RAP_PAGER_DONE);
    CU_ASSERT_EQUAL_FATAL(p.entries->len, 2);
    CU_ASSERT_STRING_EQUAL(g_array_index(p.entries, BrwListEntry, 1).name, "OTHERGRP");
    CU_ASSERT_STRING_EQUAL(g_array_index(p.entries, BrwListEntry, 1).comment, "H3");
    brw_rap_pager_clear(&p);
    rap_lab_clear(&lab);
}

/* The bound: no more than max_entries, however much the server holds. */
static void
test_rap_059_max_entries(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    fill(&lab, 300);
    BrwRapPager p;
    brw_rap_pager_init(&p, BRW_SV_TYPE_ALL, NULL, 50);
    BrwRapPagerStep step;
    while ((step = round_trip(&p, &lab.srv, 1000)) == BRW_RAP_PAGER_MORE)
        ;
    CU_ASSERT_EQUAL(step, BRW_RAP_PAGER_DONE);
    CU_ASSERT_EQUAL(p.entries->len, 50);
    brw_rap_pager_clear(&p);
    rap_lab_clear(&lab);
}

/* A reply of reply parameters only, as a made-up server sends it. */
static BrwRapPagerStep
reply_with(BrwRapPager *p, guint16 status, guint16 count, const guint8 *data, gsize dlen)
{
    guint8 params[8];
    MsWriter w = ms_writer_init(params, sizeof params);
    BrwRapReplyParams rp = {.status = status, .count = count, .available = count};
    CU_ASSERT_EQUAL_FATAL(brw_rap_reply_params_build(BRW_RAP_NET_SERVER_ENUM2, &rp, &w), MS_OK);
    return brw_rap_pager_reply(p, params, w.len, data, dlen);
}

/* A server that says "more" but sends nothing new must not keep us asking; an old one
 * that refuses NetServerEnum3 leaves us what its first reply held. */
static void
test_rap_059_stops_without_progress(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    BrwRapPager p;
    brw_rap_pager_init(&p, BRW_SV_TYPE_ALL, NULL, 100);
    CU_ASSERT_EQUAL(round_trip(&p, &lab.srv, BRW_RAP_DATA_MAX), BRW_RAP_PAGER_DONE);
    guint held = p.entries->len;
    CU_ASSERT(held > 0);
    CU_ASSERT_EQUAL(reply_with(&p, BRW_RAP_ERROR_MORE_DATA, 0, NULL, 0), BRW_RAP_PAGER_DONE);
    CU_ASSERT_EQUAL(reply_with(&p, BRW_RAP_ERROR_NOT_SUPPORTED, 0, NULL, 0), BRW_RAP_PAGER_DONE);
    CU_ASSERT_EQUAL(p.entries->len, held);
    brw_rap_pager_clear(&p);
    rap_lab_clear(&lab);
}

/* A refusal of the first call is the caller's to report; so is a reply that lies about
 * its records (RAP-059: bounds-checked, nothing kept from it). */
static void
test_rap_059_refused_and_malformed(void)
{
    BrwRapPager p;
    brw_rap_pager_init(&p, BRW_SV_TYPE_ALL, NULL, 100);
    CU_ASSERT_EQUAL(reply_with(&p, BRW_RAP_ERROR_REQ_NOT_ACCEP, 0, NULL, 0), BRW_RAP_PAGER_REFUSED);
    CU_ASSERT_EQUAL(p.status, BRW_RAP_ERROR_REQ_NOT_ACCEP);
    brw_rap_pager_clear(&p);

    brw_rap_pager_init(&p, BRW_SV_TYPE_ALL, NULL, 100);
    guint8 data[BRW_RAP_SERVER_INFO1_SIZE] = {'X'};
    CU_ASSERT_EQUAL(reply_with(&p, BRW_RAP_SUCCESS, 2, data, sizeof data), BRW_RAP_PAGER_MALFORMED);
    CU_ASSERT_EQUAL(p.parse_error, MS_ERR_BAD_LENGTH);
    CU_ASSERT_EQUAL(p.entries->len, 0);
    CU_ASSERT_EQUAL(brw_rap_pager_reply(&p, data, 1, NULL, 0), BRW_RAP_PAGER_MALFORMED);
    brw_rap_pager_clear(&p);
}

/* The requests themselves: Enum2 first, then Enum3 naming the last entry and "" for the
 * server's own domain (RAP-052). */
static void
test_rap_052_resume_request(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    BrwRapPager p;
    brw_rap_pager_init(&p, BRW_SV_TYPE_ALL, NULL, 100);
    guint8 buf[512];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    BrwRapRequest req;
    CU_ASSERT_EQUAL_FATAL(brw_rap_pager_request(&p, &w), MS_OK);
    CU_ASSERT_EQUAL_FATAL(brw_rap_request_parse(buf, w.len, &req), MS_OK);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM2);
    CU_ASSERT_EQUAL(round_trip(&p, &lab.srv, 60), BRW_RAP_PAGER_MORE); /* one record fits */
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_rap_pager_request(&p, &w), MS_OK);
    CU_ASSERT_EQUAL_FATAL(brw_rap_request_parse(buf, w.len, &req), MS_OK);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM3);
    CU_ASSERT_STRING_EQUAL(req.first_name, "FAKESRV1");
    CU_ASSERT_STRING_EQUAL(req.domain, "");
    brw_rap_pager_clear(&p);
    rap_lab_clear(&lab);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"rap059_pages_through_whole_list", test_rap_059_pages_through_whole_list},
        {"rap059_domain_list", test_rap_059_domain_list},
        {"rap059_max_entries", test_rap_059_max_entries},
        {"rap059_stops_without_progress", test_rap_059_stops_without_progress},
        {"rap059_refused_and_malformed", test_rap_059_refused_and_malformed},
        {"rap052_resume_request", test_rap_052_resume_request},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-rap-pager", tests);
}
