/* The server's answers (brw_rap_serve/brw_rap_answer) per [MS-RAP] 3.2.5 and [MS-BRWS]
 * 3.3.5.6 (brws.md §11), asked with our client's requests and read back with our client's
 * parser: every test is a round trip client -> server -> client. The browser asked is
 * rap-lab.c's H1. CHECKLIST ids: RAP-030, RAP-043 to RAP-056, BRWS-076, BRWS-087. */
#include <browse-proto/brw-engine.h>
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>

#include <stdio.h>
#include <string.h>

#include "rap-lab.h"
#include "test-util.h"

#define MAX_ENTRIES 4096

/* One NetServerEnum answer as our client reads it. */
typedef struct {
    BrwRapReplyParams rp;
    gsize params_len;
    gsize data_len;
    guint n;
    BrwListEntry entries[MAX_ENTRIES];
} Answer;

/* RAP-051 on a level-1 reply: every comment pointer is non-zero and designates a string
 * after the last record, inside the data. */
static void
assert_pointers_sound(const RapReply *reply, guint16 converter, guint count)
{
    const guint8 *strings = reply->data + count * BRW_RAP_SERVER_INFO1_SIZE;
    for (guint i = 0; i < count; i++) {
        BrwRapValue v[BRW_RAP_FIELDS_MAX];
        CU_ASSERT_EQUAL(
            brw_rap_record_get(reply->data, reply->data_len, i, "B16BBDz", converter, v), MS_OK);
        CU_ASSERT_NOT_EQUAL(v[4].num, 0);
        CU_ASSERT_TRUE((const guint8 *)v[4].str >= strings);
        CU_ASSERT_TRUE((const guint8 *)v[4].str + v[4].len < reply->data + reply->data_len);
    }
}

/* Asks srv a NetServerEnum2 (first NULL) or 3 at `level` with `receive` bytes of buffer. */
static Answer *
ask_enum(const BrwRapServer *srv, guint32 type, const char *domain, const char *first,
         guint16 level, guint16 receive)
{
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, type, domain, first);
    req.level = level;
    req.receive_size = receive;
    g_autoptr(RapReply) reply = rap_ask(srv, &req);
    CU_ASSERT_EQUAL(reply->status, MS_OK);
    Answer *a = g_new0(Answer, 1);
    BrwRapEnumResult res;
    CU_ASSERT_EQUAL(brw_rap_server_enum_parse(reply->params, reply->params_len, reply->data,
                                              reply->data_len, level, a->entries, MAX_ENTRIES,
                                              &res),
                    MS_OK);
    CU_ASSERT_EQUAL(res.skipped + res.bad_pointers, 0);
    a->rp = res.params;
    a->n = res.n_entries;
    a->params_len = reply->params_len;
    a->data_len = reply->data_len;
    /* never more than asked (RAP-049); all 8 parameter bytes, whatever the status (RAP-041) */
    CU_ASSERT_TRUE(reply->data_len <= receive);
    CU_ASSERT_EQUAL(reply->params_len, 8);
    if (level == 1)
        assert_pointers_sound(reply, res.params.converter, res.params.count);
    return a;
}

/* The entries' names joined by ','. */
static char *
names_of(const Answer *a)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < a->n; i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", a->entries[i].name);
    return g_string_free(s, FALSE);
}

static void
assert_names(const BrwRapServer *srv, guint32 type, const char *domain, const char *first,
             const char *want)
{
    g_autofree Answer *a = ask_enum(srv, type, domain, first, 1, 0xFFFF);
    CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_SUCCESS);
    CU_ASSERT_EQUAL(a->rp.count, a->n);
    CU_ASSERT_EQUAL(a->rp.available, a->n);
    g_autofree char *got = names_of(a);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "type %08x from %s: got [%s], want [%s]\n", type, first ? first : "-",
                got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
}

static void
assert_status(const BrwRapServer *srv, guint32 type, const char *domain, guint16 status)
{
    g_autofree Answer *a = ask_enum(srv, type, domain, NULL, 1, 0xFFFF);
    CU_ASSERT_EQUAL(a->rp.status, status);
    CU_ASSERT_EQUAL(a->n, 0);
    CU_ASSERT_EQUAL(a->data_len, 0);
}

static void
add_synced(BrwList *list, const char *name, guint32 type)
{
    BrwListEntry e = {.server_type = type, .source = BRW_SOURCE_SYNC};
    g_strlcpy(e.name, name, sizeof e.name);
    CU_ASSERT_EQUAL(brw_list_update(list, &e, 0, G_USEC_PER_SEC), BRW_LIST_ADDED);
}

/* BRWS-076 ([MS-BRWS] 3.3.5.6): a potential browser, a non-browser (and a stopped one)
 * refuse to enumerate with ERROR_REQ_NOT_ACCEP; backups and masters answer. The calls
 * describing the host are answered whatever the role. */
static void
test_brws076_only_backups_and_masters_enumerate(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    const BrwRole refused[] = {BRW_ROLE_STOPPED, BRW_ROLE_NON_BROWSER, BRW_ROLE_POTENTIAL};
    for (gsize i = 0; i < G_N_ELEMENTS(refused); i++) {
        lab.srv.role = refused[i];
        assert_status(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", BRW_RAP_ERROR_REQ_NOT_ACCEP);
        assert_status(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, NULL, BRW_RAP_ERROR_REQ_NOT_ACCEP);
        BrwRapRequest share = {.opcode = BRW_RAP_NET_SHARE_ENUM, .level = 1,
                               .receive_size = 0xFFE0};
        g_autoptr(RapReply) reply = rap_ask(&lab.srv, &share);
        CU_ASSERT_EQUAL(rap_reply_params(reply, BRW_RAP_NET_SHARE_ENUM).status,
                        BRW_RAP_SUCCESS);
    }
    lab.srv.role = BRW_ROLE_BACKUP;
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", NULL, "FAKESRV1,H1");
    rap_lab_clear(&lab);
}

/* RAP-043: level 0 returns 16-byte names and no strings; a level the call lacks gets
 * ERROR_INVALID_LEVEL. */
static void
test_rap043_level0_and_invalid_level(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 0, 0xFFFF);
    CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_SUCCESS);
    CU_ASSERT_EQUAL(a->n, 2);
    CU_ASSERT_EQUAL(a->data_len, 2 * BRW_RAP_SERVER_INFO0_SIZE);
    CU_ASSERT_STRING_EQUAL(a->entries[1].name, "H1");

    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_ALL, NULL, NULL);
    req.level = 2;
    req.data_desc = "B16BBDz";
    g_autoptr(RapReply) reply = rap_ask(&lab.srv, &req);
    BrwRapReplyParams rp = rap_reply_params(reply, BRW_RAP_NET_SERVER_ENUM2);
    CU_ASSERT_EQUAL(rp.status, BRW_RAP_ERROR_INVALID_LEVEL);
    CU_ASSERT_EQUAL(reply->params_len, 8);
    CU_ASSERT_EQUAL(reply->data_len, 0);
    rap_lab_clear(&lab);
}

/* RAP-044: DOMAIN_ENUM lists the machine groups, each with DOMAIN_ENUM in its type and its
 * master's name as comment, ours included (from what we know of our master), whatever
 * Domain says. */
static void
test_rap044_domain_enum_lists_groups(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    add_synced(lab.domains, "FARGRP", 0x00001000); /* a group with a type lacking the bit */
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, "OTHERGRP", NULL, 1, 0xFFFF);
    CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_SUCCESS);
    g_autofree char *names = names_of(a);
    CU_ASSERT_STRING_EQUAL(names, "FARGRP,LABGRP,OTHERGRP");
    CU_ASSERT_EQUAL(a->entries[0].server_type, 0x80001000);
    CU_ASSERT_EQUAL(a->entries[1].server_type, 0x80001000);
    CU_ASSERT_STRING_EQUAL(a->entries[1].comment, "H1");
    CU_ASSERT_STRING_EQUAL(a->entries[2].comment, "H3");

    /* as a backup that knows no master yet, and whose list holds our group already */
    lab.srv.master = "";
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, NULL, NULL, "FARGRP,LABGRP,OTHERGRP");
    g_autofree Answer *b = ask_enum(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, NULL, NULL, 1, 0xFFFF);
    CU_ASSERT_STRING_EQUAL(b->entries[1].comment, "");
    rap_lab_add(lab.domains, "labgrp", 0x80051003, "H9");
    g_autofree Answer *c = ask_enum(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, NULL, NULL, 1, 0xFFFF);
    g_autofree char *cn = names_of(c);
    CU_ASSERT_STRING_EQUAL(cn, "FARGRP,labgrp,OTHERGRP");
    CU_ASSERT_STRING_EQUAL(c->entries[1].comment, "H9");
    rap_lab_clear(&lab);
}

/* RAP-045: a filter returns the servers sharing a bit with it; 0xFFFFFFFF returns every
 * server and no group. */
static void
test_rap045_type_filters(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    rap_lab_add(lab.servers, "PDC1", BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER |
                                         BRW_SV_TYPE_DOMAIN_CTRL, "");
    rap_lab_add(lab.servers, "PRN", BRW_SV_TYPE_PRINTQ_SERVER, "printer");
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_CTRL, NULL, NULL, "PDC1");
    assert_names(&lab.srv, BRW_SV_TYPE_WORKSTATION, NULL, NULL, "FAKESRV1,H1,PDC1");
    assert_names(&lab.srv, BRW_SV_TYPE_MASTER_BROWSER, NULL, NULL, "H1");
    assert_names(&lab.srv, BRW_SV_TYPE_PRINTQ_SERVER, NULL, NULL, "H1,PRN");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, "FAKESRV1,H1,PDC1,PRN");
    assert_names(&lab.srv, BRW_SV_TYPE_SQLSERVER, NULL, NULL, "");
    assert_names(&lab.srv, 0, NULL, NULL, "");
    rap_lab_clear(&lab);
}

/* RAP-046: DOMAIN_ENUM with another bit (LOCAL_LIST_ONLY aside, all bits aside) is refused
 * with ERROR_INVALID_FUNCTION ([MS-BRWS] 3.3.5.6). */
static void
test_rap046_domain_enum_with_other_bits(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    assert_status(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_SERVER, NULL,
                  BRW_RAP_ERROR_INVALID_FUNCTION);
    assert_status(&lab.srv, 0xBFFFFFFF, NULL, BRW_RAP_ERROR_INVALID_FUNCTION);
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_LOCAL_LIST_ONLY, NULL, NULL,
                 "LABGRP,OTHERGRP");
    rap_lab_clear(&lab);
}

/* RAP-047: LOCAL_LIST_ONLY keeps what was heard on this subnet (alone: every local server,
 * what an LMB's sync to its DMB asks, BRWS-081); no returned type carries the bit. */
static void
test_rap047_local_list_only(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    add_synced(lab.servers, "FAR1", BRW_SV_TYPE_WORKSTATION);
    add_synced(lab.domains, "FARGRP", 0x80001000);
    rap_lab_add(lab.servers, "ODD", BRW_SV_TYPE_LOCAL_LIST_ONLY | BRW_SV_TYPE_SERVER, "");
    assert_names(&lab.srv, BRW_SV_TYPE_LOCAL_LIST_ONLY, NULL, NULL, "FAKESRV1,H1,ODD");
    assert_names(&lab.srv, BRW_SV_TYPE_LOCAL_LIST_ONLY | BRW_SV_TYPE_MASTER_BROWSER, NULL, NULL,
                 "H1");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, "FAKESRV1,FAR1,H1,ODD");
    assert_names(&lab.srv, BRW_SV_TYPE_LOCAL_LIST_ONLY | BRW_SV_TYPE_DOMAIN_ENUM, NULL, NULL,
                 "LABGRP,OTHERGRP");
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, NULL, NULL, "FARGRP,LABGRP,OTHERGRP");
    /* the server, not the client, clears it: read the raw record */
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_SERVER, NULL, NULL);
    g_autoptr(RapReply) reply = rap_ask(&lab.srv, &req);
    for (guint i = 0; i < 3; i++) {
        BrwRapValue v[BRW_RAP_FIELDS_MAX];
        CU_ASSERT_EQUAL(brw_rap_record_get(reply->data, reply->data_len, i, "B16BBDz", 0, v),
                        MS_OK);
        CU_ASSERT_EQUAL(v[3].num & BRW_SV_TYPE_LOCAL_LIST_ONLY, 0);
    }
    rap_lab_clear(&lab);
}

/* RAP-048: sorted by name case-insensitively as the list sorts ('_' after 'Z'), one entry
 * per name: our own entry is added where it belongs, unless the list has it. */
static void
test_rap048_sorted_without_duplicates(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    const char *names[] = {"zeta", "_UNDER", "Beta", "alpha", "IOTA"};
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
        rap_lab_add(lab.servers, names[i], BRW_SV_TYPE_SERVER, "");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, "alpha,Beta,FAKESRV1,H1,IOTA,zeta,_UNDER");
    rap_lab_add(lab.servers, "h1", 0x00849a03, "the list's own copy");
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
    g_autofree char *got = names_of(a);
    CU_ASSERT_STRING_EQUAL(got, "alpha,Beta,FAKESRV1,h1,IOTA,zeta,_UNDER");
    CU_ASSERT_STRING_EQUAL(a->entries[3].comment, "the list's own copy");
    /* with no lists at all, we are still there */
    lab.srv.servers = NULL;
    lab.srv.domains = NULL;
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, "H1");
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, NULL, NULL, "LABGRP");
    rap_lab_clear(&lab);
}

/* Fills the lab with `n` servers SRV0000... with 42-character comments. */
static void
add_many(RapLab *lab, guint n)
{
    for (guint i = 0; i < n; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "SRV%04u", i);
        rap_lab_add(lab->servers, name, BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER,
                    "the forty-two characters of this comment..");
    }
}

/* RAP-049 then RAP-052, as our client pages (rap.md §10.7): ERROR_MORE_DATA with whole
 * records and the full count, then NetServerEnum3 from the last name received, whose first
 * entry repeats it, until all are read. Returns the names in order. */
static GPtrArray *
read_all_pages(const BrwRapServer *srv, guint16 receive, guint *pages)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *last = NULL;
    *pages = 0;
    for (;;) {
        g_autofree Answer *a = ask_enum(srv, BRW_SV_TYPE_ALL, "LABGRP", last, 1, receive);
        (*pages)++;
        CU_ASSERT_FATAL(a->rp.status == BRW_RAP_SUCCESS || a->rp.status == BRW_RAP_ERROR_MORE_DATA);
        CU_ASSERT_EQUAL(a->rp.status == BRW_RAP_ERROR_MORE_DATA, a->rp.count < a->rp.available);
        guint start = 0;
        if (last) {
            CU_ASSERT_STRING_EQUAL_FATAL(a->entries[0].name, last); /* inclusive */
            start = 1;
        }
        for (guint i = start; i < a->n; i++)
            g_ptr_array_add(names, g_strdup(a->entries[i].name));
        if (a->rp.status == BRW_RAP_SUCCESS)
            break;
        CU_ASSERT_FATAL(a->n > start); /* progress */
        g_free(last);
        last = g_strdup(a->entries[a->n - 1].name);
    }
    return names;
}

static void
test_rap049_052_more_data_then_enum3_pages(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    add_many(&lab, 40);
    /* FAKESRV1 takes 54 bytes, H1 35, each SRVnnnn 69: 1000 bytes hold those two and 13 */
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 1000);
    CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_ERROR_MORE_DATA);
    CU_ASSERT_EQUAL(a->rp.count, 15);
    CU_ASSERT_EQUAL(a->rp.available, 42);
    CU_ASSERT_EQUAL(a->data_len, 54 + 35 + 13 * 69);
    guint pages;
    g_autoptr(GPtrArray) names = read_all_pages(&lab.srv, 1000, &pages);
    CU_ASSERT_EQUAL(names->len, 42);
    CU_ASSERT_EQUAL(pages, 4);
    for (guint i = 1; i < names->len; i++)
        CU_ASSERT_TRUE(g_ascii_strcasecmp(g_ptr_array_index(names, i - 1),
                                          g_ptr_array_index(names, i)) < 0);
    /* the transaction's MaxDataCount bounds the data as ReceiveBufferSize does */
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_ALL, NULL, NULL);
    guint8 params[64];
    MsWriter w = ms_writer_init(params, sizeof params);
    CU_ASSERT_EQUAL(brw_rap_request_build(&req, &w), MS_OK);
    g_autoptr(RapReply) reply = rap_serve(&lab.srv, params, w.len, 8, 500);
    BrwRapReplyParams rp = rap_reply_params(reply, BRW_RAP_NET_SERVER_ENUM2);
    CU_ASSERT_EQUAL(rp.status, BRW_RAP_ERROR_MORE_DATA);
    CU_ASSERT_EQUAL(rp.count, 7);
    CU_ASSERT_TRUE(reply->data_len <= 500);
    rap_lab_clear(&lab);
}

/* RAP-049, [MS-BRWS] 1.6: 3000 servers do not fit 64 KiB; every one is read in pages of at
 * most 0xFFE0 bytes. */
static void
test_rap049_list_beyond_64k(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    add_many(&lab, 3000);
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
    CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_ERROR_MORE_DATA);
    CU_ASSERT_EQUAL(a->rp.available, 3002);
    CU_ASSERT_EQUAL(a->rp.count, 2 + (0xFFFF - 54 - 35) / 69);
    guint pages;
    g_autoptr(GPtrArray) names = read_all_pages(&lab.srv, BRW_RAP_CLIENT_BUFFER, &pages);
    CU_ASSERT_EQUAL(names->len, 3002);
    CU_ASSERT_EQUAL(pages, 4);
    rap_lab_clear(&lab);
}

/* RAP-050: not even one record fits: NERR_BufTooSmall, no data, the count still given. */
static void
test_rap050_buffer_smaller_than_one_record(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    /* FAKESRV1's record needs 26 + 28 bytes */
    const guint16 sizes[] = {0, 25, 26, 53};
    for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
        g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, sizes[i]);
        CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_NERR_BUF_TOO_SMALL);
        CU_ASSERT_EQUAL(a->rp.count, 0);
        CU_ASSERT_EQUAL(a->rp.available, 2);
        CU_ASSERT_EQUAL(a->data_len, 0);
    }
    g_autofree Answer *b = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 54);
    CU_ASSERT_EQUAL(b->rp.status, BRW_RAP_ERROR_MORE_DATA);
    CU_ASSERT_EQUAL(b->rp.count, 1);
    g_autofree Answer *c = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 0, 15);
    CU_ASSERT_EQUAL(c->rp.status, BRW_RAP_NERR_BUF_TOO_SMALL);
    rap_lab_clear(&lab);
}

/* RAP-051: with Samba's converter 0 and with Windows' 0x1685, every pointer is the string's
 * offset plus the converter, never 0, inside the data (an empty comment points to its NUL);
 * the client reads the same list either way. */
static void
test_rap051_pointers_and_converters(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    rap_lab_add(lab.servers, "QUIET", BRW_SV_TYPE_SERVER, "");
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
    CU_ASSERT_EQUAL(a->rp.converter, 0);
    lab.srv.converter = 0x1685;
    g_autofree Answer *b = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
    CU_ASSERT_EQUAL(b->rp.converter, 0x1685);
    CU_ASSERT_EQUAL(a->n, 3);
    CU_ASSERT_EQUAL(b->n, 3);
    for (guint i = 0; i < a->n; i++) {
        CU_ASSERT_STRING_EQUAL(a->entries[i].name, b->entries[i].name);
        CU_ASSERT_STRING_EQUAL(a->entries[i].comment, b->entries[i].comment);
    }
    CU_ASSERT_STRING_EQUAL(b->entries[2].name, "QUIET");

    /* QUIET's pointer: the NUL after the other comments, offset 3 * 26 + 28 + 9 */
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_ALL, NULL, NULL);
    g_autoptr(RapReply) reply = rap_ask(&lab.srv, &req);
    const guint8 *ptr = reply->data + 2 * 26 + 22;
    CU_ASSERT_EQUAL(ptr[0] | (ptr[1] << 8), 3 * 26 + 28 + 9 + 0x1685);
    CU_ASSERT_EQUAL(ptr[2] | ptr[3], 0);
    CU_ASSERT_EQUAL(reply->data[3 * 26 + 28 + 9], 0);
    CU_ASSERT_EQUAL(reply->data_len, 3 * 26 + 28 + 9 + 1);
    rap_lab_clear(&lab);
}

/* RAP-052: NetServerEnum3 returns the names >= FirstNameToReturn, inclusive and
 * case-insensitive; "" is from the start; past the end is nothing, successfully. */
static void
test_rap052_enum3_first_name(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", "FAKESRV1", "FAKESRV1,H1");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", "fakesrv1", "FAKESRV1,H1");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", "G", "H1");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "", "", "FAKESRV1,H1");
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", "ZZZ", "");
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, "LABGRP", "M", "OTHERGRP");
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, "LABGRP", "LABGRP", "LABGRP,OTHERGRP");
    /* a FirstNameToReturn longer than a name counts by its first 15 bytes */
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "LABGRP", "FAKESRV1XXXXXXXXXXXX", "H1");
    rap_lab_clear(&lab);
}

/* Serves hex parameters with the largest limits. */
static RapReply *
serve_hex(const BrwRapServer *srv, const char *hex)
{
    g_autoptr(GByteArray) p = test_hex(hex);
    return rap_serve(srv, p->data, p->len, BRW_RAP_REPLY_PARAMS_MAX, BRW_RAP_DATA_MAX);
}

static void
assert_reply(const RapReply *reply, const char *params, const char *data)
{
    CU_ASSERT_EQUAL(reply->status, MS_OK);
    g_autoptr(GByteArray) p = test_hex(params);
    g_autoptr(GByteArray) d = test_hex(data);
    TEST_ASSERT_BYTES_EQUAL(reply->params, reply->params_len, p->data, p->len);
    TEST_ASSERT_BYTES_EQUAL(reply->data, reply->data_len, d->data, d->len);
}

#define IPC_L1 "49 50 43 24 00 00 00 00 00 00 00 00 00 | 00 | 03 00 | 14 00 00 00"
#define IPC_REMARK "49 50 43 20 53 65 72 76 69 63 65 00"

/* RAP-053: NetShareEnum lists IPC$ alone, type 3 ([MS-RAP] 2.5.6.2), at levels 0-2. */
static void
test_rap053_share_enum(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    g_autoptr(RapReply) l1 = serve_hex(&lab.srv, "00 00 57 72 4c 65 68 00 42 31 33 42 57 7a 00 "
                                                 "01 00 e0 ff");
    assert_reply(l1, "00 00 00 00 01 00 01 00", IPC_L1 IPC_REMARK);
    /* level 1 asked with level 2's descriptor: level 1's records */
    g_autoptr(RapReply) l1b = serve_hex(&lab.srv, "00 00 57 72 4c 65 68 00 42 31 33 42 57 7a 57 "
                                                  "57 57 7a 42 39 42 00 01 00 e0 ff");
    assert_reply(l1b, "00 00 00 00 01 00 01 00", IPC_L1 IPC_REMARK);
    g_autoptr(RapReply) l0 = serve_hex(&lab.srv, "00 00 57 72 4c 65 68 00 42 31 33 00 00 00 e0 ff");
    assert_reply(l0, "00 00 00 00 01 00 01 00", "49 50 43 24 00 00 00 00 00 00 00 00 00");
    g_autoptr(RapReply) l2 = serve_hex(&lab.srv, "00 00 57 72 4c 65 68 00 42 31 33 42 57 7a 57 "
                                                 "57 57 7a 42 39 42 00 02 00 e0 ff");
    assert_reply(l2, "00 00 00 00 01 00 01 00",
                 "49 50 43 24 00 00 00 00 00 00 00 00 00 | 00 | 03 00 | 28 00 00 00 |"
                 "00 00 | ff ff | 00 00 | 34 00 00 00 | 00 00 00 00 00 00 00 00 00 | 00 |" IPC_REMARK
                 "00");
    g_autoptr(RapReply) l3 = serve_hex(&lab.srv, "00 00 57 72 4c 65 68 00 42 31 33 00 03 00 e0 ff");
    assert_reply(l3, "7c 00 00 00 00 00 00 00", "");
    /* record and remark take 32 bytes */
    g_autoptr(RapReply) small = serve_hex(&lab.srv, "00 00 57 72 4c 65 68 00 42 31 33 42 57 7a 00 "
                                                    "01 00 1f 00");
    assert_reply(small, "4b 08 00 00 00 00 01 00", "");
    rap_lab_clear(&lab);
}

/* RAP-054: NetServerGetInfo describes us: 6 parameter bytes with TotalBytesAvailable; a
 * buffer holding only the fixed part gets it, its comment pointer null, and ERROR_MORE_DATA;
 * a smaller one NERR_BufTooSmall. */
static void
test_rap054_server_get_info(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    lab.srv.version_major = 6;
    lab.srv.version_minor = 1;
#define H1_FIXED "48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 01 03 9a 84 00"
    g_autoptr(RapReply) l1 = serve_hex(&lab.srv, "0d 00 57 72 4c 68 00 42 31 36 42 42 44 7a 00 "
                                                 "01 00 ff ff");
    assert_reply(l1, "00 00 00 00 23 00", H1_FIXED "1a 00 00 00 62 72 6c 61 62 20 48 31 00");
    g_autoptr(RapReply) part = serve_hex(&lab.srv, "0d 00 57 72 4c 68 00 42 31 36 42 42 44 7a 00 "
                                                   "01 00 22 00");
    assert_reply(part, "ea 00 00 00 23 00", H1_FIXED "00 00 00 00");
    g_autoptr(RapReply) none = serve_hex(&lab.srv, "0d 00 57 72 4c 68 00 42 31 36 42 42 44 7a 00 "
                                                   "01 00 19 00");
    assert_reply(none, "4b 08 00 00 23 00", "");
    g_autoptr(RapReply) l0 = serve_hex(&lab.srv, "0d 00 57 72 4c 68 00 42 31 36 00 00 00 ff ff");
    assert_reply(l0, "00 00 00 00 10 00", "48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    g_autoptr(RapReply) l2 = serve_hex(&lab.srv, "0d 00 57 72 4c 68 00 42 31 36 00 02 00 ff ff");
    assert_reply(l2, "7c 00 00 00 00 00", "");
#undef H1_FIXED
    rap_lab_clear(&lab);
}

/* RAP-055: NetWkstaGetInfo level 10: our name, no user, our group (as LanGroup and
 * LogonDomain), no other domains; other levels ERROR_INVALID_LEVEL. */
static void
test_rap055_wksta_get_info(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    g_autoptr(RapReply) l10 = serve_hex(&lab.srv, "3f 00 57 72 4c 68 00 7a 7a 7a 42 42 7a 7a 00 "
                                                  "0a 00 ff ff");
    assert_reply(l10, "00 00 00 00 29 00",
                 "16 00 00 00 | 19 00 00 00 | 1a 00 00 00 | 00 00 | 21 00 00 00 | 28 00 00 00 |"
                 "48 31 00 | 00 | 4c 41 42 47 52 50 00 | 4c 41 42 47 52 50 00 | 00");
    g_autoptr(RapReply) l1 = serve_hex(&lab.srv, "3f 00 57 72 4c 68 00 42 31 36 00 01 00 ff ff");
    assert_reply(l1, "7c 00 00 00 00 00", "");
    rap_lab_clear(&lab);
}

/* RAP-056: an opcode we do not serve gets ERROR_NOT_SUPPORTED and a wrong descriptor
 * ERROR_INVALID_PARAMETER, each as status and converter only, without data. */
static void
test_rap056_unsupported_and_bad_descriptor(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    g_autoptr(RapReply) tod =
        serve_hex(&lab.srv, "5b 00 72 4c 00 44 44 42 42 42 42 57 57 42 42 57 42 00 15 00");
    assert_reply(tod, "32 00 00 00", "");
    g_autoptr(RapReply) bad =
        serve_hex(&lab.srv, "68 00 57 72 4c 65 68 00 42 31 36 42 42 44 7a 00 01 00 ff ff");
    assert_reply(bad, "57 00 00 00", "");
    lab.srv.converter = 0x1685;
    g_autoptr(RapReply) conv =
        serve_hex(&lab.srv, "68 00 57 72 4c 65 68 44 7a 00 42 31 36 00 05 00 ff ff ff ff ff ff 00");
    assert_reply(conv, "7c 00 85 16 00 00 00 00", "");
    rap_lab_clear(&lab);
}

/* RAP-057: parameters that are not RAP are the SMB layer's to refuse; nothing is written. */
static void
test_rap057_not_rap(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    g_autoptr(RapReply) a = serve_hex(&lab.srv, "68");
    CU_ASSERT_EQUAL(a->status, MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(a->params_len + a->data_len, 0);
    g_autoptr(RapReply) b = serve_hex(&lab.srv, "68 00 57 72 4c 65 68 44 7a 00 42 31 36");
    CU_ASSERT_EQUAL(b->status, MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(b->params_len + b->data_len, 0);
    rap_lab_clear(&lab);
}

/* RAP-030: reply parameters stay within the transaction's MaxParameterCount: too small for
 * the call's, NERR_BufTooSmall alone; too small for that, nothing (the SMB layer's error). */
static void
test_rap030_max_parameter_count(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    g_autoptr(GByteArray) p = test_hex("68 00 57 72 4c 65 68 44 4f 00 42 31 36 00 00 00 ff ff ff "
                                       "ff ff ff");
    g_autoptr(RapReply) six = rap_serve(&lab.srv, p->data, p->len, 6, BRW_RAP_DATA_MAX);
    assert_reply(six, "4b 08 00 00", "");
    g_autoptr(RapReply) three = rap_serve(&lab.srv, p->data, p->len, 3, BRW_RAP_DATA_MAX);
    CU_ASSERT_EQUAL(three->status, MS_ERR_NO_SPACE);
    CU_ASSERT_EQUAL(three->params_len + three->data_len, 0);
    g_autoptr(GByteArray) info = test_hex("0d 00 57 72 4c 68 00 42 31 36 00 00 00 ff ff");
    g_autoptr(RapReply) gi = rap_serve(&lab.srv, info->data, info->len, 6, BRW_RAP_DATA_MAX);
    CU_ASSERT_EQUAL(rap_reply_params(gi, BRW_RAP_NET_SERVER_GET_INFO).status, BRW_RAP_SUCCESS);
    rap_lab_clear(&lab);
}

/* BRWS-087: another group's servers are not ours to give; without a relay (the core makes
 * no connections) that is NERR_DevNotRedirected. Our group in any case is ours. */
static void
test_brws087_foreign_domain(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    assert_status(&lab.srv, BRW_SV_TYPE_ALL, "OTHERGRP", BRW_RAP_NERR_DEV_NOT_REDIRECTED);
    assert_status(&lab.srv, BRW_SV_TYPE_ALL, "LABGRPX", BRW_RAP_NERR_DEV_NOT_REDIRECTED);
    assert_names(&lab.srv, BRW_SV_TYPE_ALL, "labgrp", NULL, "FAKESRV1,H1");
    assert_names(&lab.srv, BRW_SV_TYPE_DOMAIN_ENUM, "OTHERGRP", NULL, "LABGRP,OTHERGRP");
    rap_lab_clear(&lab);
}

/* Comments are cut to comment_max bytes when set (Windows 9x clients show 48); names never. */
static void
test_comment_max(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    lab.srv.comment_max = 5;
    g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
    CU_ASSERT_STRING_EQUAL(a->entries[0].comment, "fake ");
    CU_ASSERT_STRING_EQUAL(a->entries[1].comment, "brlab");
    CU_ASSERT_EQUAL(a->data_len, 2 * 26 + 2 * 6);
    g_autoptr(RapReply) info =
        serve_hex(&lab.srv, "0d 00 57 72 4c 68 00 42 31 36 42 42 44 7a 00 01 00 ff ff");
    CU_ASSERT_EQUAL(info->data_len, 26 + 6);
    rap_lab_clear(&lab);
}

/* The size the daemon's 64 KiB warning adds up (brw_rap_server_info1_bytes) is what a whole
 * answer carries: for 800 servers (55 KB), whole and with comments cut, against the real reply
 * (the lab's own entry H1 is served from srv, not the list, so it is added by hand). */
static void
test_info1_bytes_match_the_answer(void)
{
    RapLab lab;
    rap_lab_init(&lab);
    add_many(&lab, 800);
    g_autoptr(GPtrArray) listed = brw_list_query(lab.servers, BRW_SV_TYPE_ALL, FALSE, NULL);
    for (guint cut = 0; cut <= 48; cut += 48) {
        lab.srv.comment_max = cut;
        g_autofree Answer *a = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
        CU_ASSERT_EQUAL(a->rp.status, BRW_RAP_SUCCESS);
        gsize own = 26 + strlen(lab.srv.comment) + 1;
        CU_ASSERT_EQUAL(brw_rap_server_info1_bytes(listed, cut) + own, a->data_len);
    }
    lab.srv.comment_max = 5;
    g_autofree Answer *b = ask_enum(&lab.srv, BRW_SV_TYPE_ALL, NULL, NULL, 1, 0xFFFF);
    CU_ASSERT_EQUAL(brw_rap_server_info1_bytes(listed, 5), 801 * (26 + 6));
    CU_ASSERT_EQUAL(brw_rap_server_info1_bytes(listed, 5) + 26 + 6, b->data_len);
    rap_lab_clear(&lab);
}

static void
ignore_effect(const BrwEffect *effect, gpointer user_data)
{
    (void)effect;
    (void)user_data;
}

/* brw_rap_server_from_engine(): an engine's names, role and lists. A new engine is stopped,
 * so it enumerates nothing (BRWS-076) but describes itself. */
static void
test_server_from_engine(void)
{
    BrwEngineConfig cfg;
    brw_engine_config_init(&cfg);
    g_strlcpy(cfg.netbios_name, "H7", sizeof cfg.netbios_name);
    g_strlcpy(cfg.workgroup, "LABGRP", sizeof cfg.workgroup);
    g_strlcpy(cfg.comment, "seven", sizeof cfg.comment);
    g_autoptr(BrwEngine) e = brw_engine_new(&cfg, ignore_effect, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    BrwRapServer srv;
    brw_rap_server_from_engine(&srv, e);
    CU_ASSERT_EQUAL(srv.role, BRW_ROLE_STOPPED);
    CU_ASSERT_STRING_EQUAL(srv.netbios_name, "H7");
    CU_ASSERT_STRING_EQUAL(srv.workgroup, "LABGRP");
    CU_ASSERT_STRING_EQUAL(srv.comment, "seven");
    CU_ASSERT_STRING_EQUAL(srv.master, "");
    CU_ASSERT_EQUAL(srv.server_type, brw_engine_server_type(e));
    CU_ASSERT_EQUAL(srv.version_major, cfg.os_major);
    CU_ASSERT_PTR_EQUAL(srv.servers, brw_engine_servers(e));
    CU_ASSERT_PTR_EQUAL(srv.domains, brw_engine_domains(e));
    CU_ASSERT_EQUAL(srv.comment_max + srv.converter, 0);
    assert_status(&srv, BRW_SV_TYPE_ALL, NULL, BRW_RAP_ERROR_REQ_NOT_ACCEP);
    g_autoptr(RapReply) info =
        serve_hex(&srv, "0d 00 57 72 4c 68 00 42 31 36 42 42 44 7a 00 01 00 ff ff");
    CU_ASSERT_EQUAL(rap_reply_params(info, BRW_RAP_NET_SERVER_GET_INFO).status, BRW_RAP_SUCCESS);
    CU_ASSERT_EQUAL(memcmp(info->data, "H7\0", 3), 0);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws076_only_backups_and_masters_enumerate",
         test_brws076_only_backups_and_masters_enumerate},
        {"rap043_level0_and_invalid_level", test_rap043_level0_and_invalid_level},
        {"rap044_domain_enum_lists_groups", test_rap044_domain_enum_lists_groups},
        {"rap045_type_filters", test_rap045_type_filters},
        {"rap046_domain_enum_with_other_bits", test_rap046_domain_enum_with_other_bits},
        {"rap047_local_list_only", test_rap047_local_list_only},
        {"rap048_sorted_without_duplicates", test_rap048_sorted_without_duplicates},
        {"rap049_052_more_data_then_enum3_pages", test_rap049_052_more_data_then_enum3_pages},
        {"rap049_list_beyond_64k", test_rap049_list_beyond_64k},
        {"rap050_buffer_smaller_than_one_record", test_rap050_buffer_smaller_than_one_record},
        {"rap051_pointers_and_converters", test_rap051_pointers_and_converters},
        {"rap052_enum3_first_name", test_rap052_enum3_first_name},
        {"rap053_share_enum", test_rap053_share_enum},
        {"rap054_server_get_info", test_rap054_server_get_info},
        {"rap055_wksta_get_info", test_rap055_wksta_get_info},
        {"rap056_unsupported_and_bad_descriptor", test_rap056_unsupported_and_bad_descriptor},
        {"rap057_not_rap", test_rap057_not_rap},
        {"rap030_max_parameter_count", test_rap030_max_parameter_count},
        {"brws087_foreign_domain", test_brws087_foreign_domain},
        {"comment_max", test_comment_max},
        {"info1_bytes_match_the_answer", test_info1_bytes_match_the_answer},
        {"server_from_engine", test_server_from_engine},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-rap-server", tests);
}
