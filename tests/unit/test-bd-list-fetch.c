/* bd-list-fetch: a backup's copy of its master's lists (BRWS-070, BRWS-074, RAP-059) over
 * a real TCP connection on 127.0.0.1 to an in-process peer: our own SMB1 responder
 * (MsSmbConn) answering from rap-lab.c's browser, or a peer that misbehaves. The fetch
 * must end exactly once, with the whole lists or with an error that says what failed,
 * and never block the loop. */
#include <browse-proto/brw-server-type.h>
#include <gio/gio.h>
#include <libmailslot/ms-smb-server.h>
#include <libmailslot/ms-udp.h>

#include "bd-list-fetch.h"
#include "browse-proto/rap-lab.h"
#include "test-util.h"

#define LOOPBACK 0x7F000001u

typedef enum { PEER_SERVES, PEER_SILENT, PEER_HANGS_UP } PeerMode;

typedef struct {
    PeerMode mode;
    GSocket *listener;
    GSocket *conn;
    GSource *accept_source;
    GSource *read_source;
    MsSmbConn *smb;
    RapLab lab;
    guint16 port;
} Peer;

typedef struct {
    guint calls;
    gboolean ok;
    char *error;
    guint n_servers, n_domains;
    char last_server[16];
    char first_domain_comment[44];
} Outcome;

static MsStatus
peer_lanman(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
            MsSmbTransOutput *reply, gpointer user_data)
{
    Peer *p = user_data;
    return brw_rap_serve(params, plen, data, dlen, &p->lab.srv, &reply->params, &reply->data);
}

static gboolean
peer_on_read(GSocket *sock, GIOCondition cond, gpointer user_data)
{
    (void)cond;
    Peer *p = user_data;
    guint8 buf[4096];
    gssize n = g_socket_receive(sock, (char *)buf, sizeof buf, NULL, NULL);
    if (n <= 0)
        return G_SOURCE_REMOVE;
    g_autoptr(GByteArray) out = g_byte_array_new();
    gboolean open = ms_smb_conn_feed(p->smb, buf, (gsize)n, g_get_real_time(), out);
    /* replies are small next to the socket buffer: a blocking send is fine in a test */
    g_socket_set_blocking(sock, TRUE);
    for (gsize sent = 0; sent < out->len;) {
        gssize k = g_socket_send(sock, (const char *)out->data + sent, out->len - sent, NULL, NULL);
        if (k <= 0)
            break;
        sent += (gsize)k;
    }
    g_socket_set_blocking(sock, FALSE);
    return open ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
peer_on_accept(GSocket *listener, GIOCondition cond, gpointer user_data)
{
    (void)cond;
    Peer *p = user_data;
    p->conn = g_socket_accept(listener, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->conn);
    g_socket_set_blocking(p->conn, FALSE);
    if (p->mode == PEER_HANGS_UP) {
        g_socket_close(p->conn, NULL);
    } else if (p->mode == PEER_SERVES) {
        MsSessionConfig scfg = {.framing = MS_FRAMING_NBSS, .name = "H1"};
        MsSmbServerConfig xcfg;
        ms_smb_server_config_init(&xcfg);
        xcfg.server_name = "H1";
        xcfg.workgroup = "LABGRP";
        p->smb = ms_smb_conn_new(&scfg, &xcfg, peer_lanman, p);
        p->read_source = g_socket_create_source(p->conn, G_IO_IN, NULL);
        g_source_set_callback(p->read_source, G_SOURCE_FUNC(peer_on_read), p, NULL);
        g_source_attach(p->read_source, NULL);
    }
    return G_SOURCE_REMOVE;
}

static void
peer_start(Peer *p, PeerMode mode)
{
    memset(p, 0, sizeof *p);
    p->mode = mode;
    rap_lab_init(&p->lab);
    p->listener =
        g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new(lo, 0);
    CU_ASSERT_TRUE_FATAL(g_socket_bind(p->listener, any, TRUE, NULL));
    CU_ASSERT_TRUE_FATAL(g_socket_listen(p->listener, NULL));
    g_autoptr(GSocketAddress) bound = g_socket_get_local_address(p->listener, NULL);
    p->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
    p->accept_source = g_socket_create_source(p->listener, G_IO_IN, NULL);
    g_source_set_callback(p->accept_source, G_SOURCE_FUNC(peer_on_accept), p, NULL);
    g_source_attach(p->accept_source, NULL);
}

static void
peer_stop(Peer *p)
{
    for (GSource **s = (GSource *[]){p->accept_source, p->read_source, NULL}; *s; s++) {
        g_source_destroy(*s);
        g_source_unref(*s);
    }
    if (p->conn != NULL)
        g_object_unref(p->conn);
    g_object_unref(p->listener);
    ms_smb_conn_free(p->smb);
    rap_lab_clear(&p->lab);
}

static void
on_done(const BdListFetchResult *r, gpointer user_data)
{
    Outcome *o = user_data;
    o->calls++;
    o->ok = r->ok;
    o->error = g_strdup(r->error);
    o->n_servers = r->n_servers;
    o->n_domains = r->n_domains;
    if (r->n_servers)
        g_strlcpy(o->last_server, r->servers[r->n_servers - 1].name, sizeof o->last_server);
    if (r->n_domains)
        g_strlcpy(o->first_domain_comment, r->domains[0].comment, sizeof o->first_domain_comment);
}

static BdListFetchRequest
request_to(guint16 port, guint timeout_ms)
{
    return (BdListFetchRequest){
        .local_ip = LOOPBACK,
        .peer_ip = LOOPBACK,
        .peer_port = port,
        .peer_name = "H1",
        .our_name = "BACKUP",
        .workgroup = "LABGRP",
        .timeout_ms = timeout_ms,
        .server_type = BRW_SV_TYPE_ALL,
        .max_entries = 8192,
    };
}

/* Runs the loop until the fetch has reported (or 5 s, which would be a failure). */
static void
run_until_done(Outcome *o)
{
    gint64 give_up = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    while (o->calls == 0 && g_get_monotonic_time() < give_up)
        g_main_context_iteration(NULL, TRUE);
    CU_ASSERT_EQUAL(o->calls, 1);
}

/* BRWS-070/074, RAP-059: servers and domains, a list larger than one 64 KiB reply paged
 * through with NetServerEnum3, over a real socket. */
static void
test_brws070_copies_whole_lists(void)
{
    Peer p;
    peer_start(&p, PEER_SERVES);
    for (guint i = 0; i < 3000; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "SRV%05u", i);
        rap_lab_add(p.lab.servers, name, BRW_SV_TYPE_SERVER, "a comment that takes room");
    }
    Outcome o = {0};
    BdListFetchRequest req = request_to(p.port, 5000);
    bd_list_fetch_start(&req, NULL, on_done, &o);
    run_until_done(&o);
    CU_ASSERT_TRUE(o.ok);
    CU_ASSERT_PTR_NULL(o.error);
    CU_ASSERT_EQUAL(o.n_servers, 3002); /* the 3000, FAKESRV1 and H1 itself */
    CU_ASSERT_STRING_EQUAL(o.last_server, "SRV02999");
    CU_ASSERT_EQUAL(o.n_domains, 2);
    CU_ASSERT_STRING_EQUAL(o.first_domain_comment, "H1");
    /* more than one transaction was needed */
    CU_ASSERT(ms_smb_server_counters(ms_smb_conn_server(p.smb))->transactions >= 3);
    g_free(o.error);
    peer_stop(&p);
}

/* A peer that takes the connection and never answers costs the deadline, then fails
 * naming the step. */
static void
test_silent_peer_times_out(void)
{
    Peer p;
    peer_start(&p, PEER_SILENT);
    Outcome o = {0};
    BdListFetchRequest req = request_to(p.port, 300);
    bd_list_fetch_start(&req, NULL, on_done, &o);
    run_until_done(&o);
    CU_ASSERT_FALSE(o.ok);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o.error);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.error, "no answer within"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o.error, "session"));
    g_free(o.error);
    peer_stop(&p);
}

static void
test_peer_hangs_up(void)
{
    Peer p;
    peer_start(&p, PEER_HANGS_UP);
    Outcome o = {0};
    BdListFetchRequest req = request_to(p.port, 3000);
    bd_list_fetch_start(&req, NULL, on_done, &o);
    run_until_done(&o);
    CU_ASSERT_FALSE(o.ok);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o.error);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.error, "closed"));
    g_free(o.error);
    peer_stop(&p);
}

/* Nobody listens: the failure is reported from the loop, not from inside start(). */
static void
test_refused_connection(void)
{
    Peer p;
    peer_start(&p, PEER_SILENT);
    guint16 port = p.port;
    peer_stop(&p); /* the port is closed again */
    Outcome o = {0};
    BdListFetchRequest req = request_to(port, 3000);
    bd_list_fetch_start(&req, NULL, on_done, &o);
    CU_ASSERT_EQUAL(o.calls, 0);
    run_until_done(&o);
    CU_ASSERT_FALSE(o.ok);
    CU_ASSERT_TRUE(o.error != NULL && strstr(o.error, "connect") != NULL);
    g_free(o.error);
}

/* A name that cannot be called fails too, from the loop. */
static void
test_bad_peer_name(void)
{
    Outcome o = {0};
    BdListFetchRequest req = request_to(139, 3000);
    req.peer_name = "A NAME FAR TOO LONG FOR NETBIOS";
    bd_list_fetch_start(&req, NULL, on_done, &o);
    CU_ASSERT_EQUAL(o.calls, 0);
    run_until_done(&o);
    CU_ASSERT_FALSE(o.ok);
    g_free(o.error);
}

static gboolean
flag_set(gpointer flag)
{
    *(gboolean *)flag = TRUE;
    return G_SOURCE_REMOVE;
}

/* A cancelled fetch never calls back and leaves nothing behind (valgrind checks the
 * latter). */
static void
test_cancel(void)
{
    Peer p;
    peer_start(&p, PEER_SILENT);
    Outcome o = {0};
    BdListFetchRequest req = request_to(p.port, 200);
    BdListFetch *f = bd_list_fetch_start(&req, NULL, on_done, &o);
    for (guint i = 0; i < 5; i++)
        g_main_context_iteration(NULL, FALSE);
    bd_list_fetch_cancel(f);
    gboolean waited = FALSE; /* until past the deadline it had */
    guint id = g_timeout_add(400, flag_set, &waited);
    while (!waited)
        g_main_context_iteration(NULL, TRUE);
    (void)id;
    CU_ASSERT_EQUAL(o.calls, 0);
    peer_stop(&p);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws070_copies_whole_lists", test_brws070_copies_whole_lists},
        {"silent_peer_times_out", test_silent_peer_times_out},
        {"peer_hangs_up", test_peer_hangs_up},
        {"refused_connection", test_refused_connection},
        {"bad_peer_name", test_bad_peer_name},
        {"cancel", test_cancel},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("bd-list-fetch", tests);
}
