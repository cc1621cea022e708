/* Shared by the SMB1 suites; see smb-harness.h. */
#include "smb-harness.h"

#include <stdio.h>
#include <string.h>

#include "pcapng.h"

#define CAPTURE "vectors/smb-netserverenum2.pcapng"

static GPtrArray *
capture_frames(void)
{
    static GPtrArray *frames;
    if (frames == NULL) {
        g_autofree char *path = test_data_path(CAPTURE);
        g_autoptr(GError) error = NULL;
        frames = pcapng_read_frames(path, &error);
        g_assert_no_error(error);
    }
    return frames;
}

GBytes *
capture_payload(guint number)
{
    GPtrArray *frames = capture_frames();
    for (guint i = 0; i < frames->len; i++) {
        PcapFrame *f = frames->pdata[i];
        if (f->number == number)
            return f->ip_proto == 6 ? g_bytes_ref(f->payload) : NULL;
    }
    return NULL;
}

GBytes *
capture_smb(guint number)
{
    g_autoptr(GBytes) p = capture_payload(number);
    g_assert(p != NULL && g_bytes_get_size(p) > MS_SESSION_HEADER_LEN);
    return g_bytes_new_from_bytes(p, MS_SESSION_HEADER_LEN,
                                  g_bytes_get_size(p) - MS_SESSION_HEADER_LEN);
}

GBytes *
capture_smb_ids(guint number, guint16 uid, guint16 tid)
{
    g_autoptr(GBytes) smb = capture_smb(number);
    gsize len = g_bytes_get_size(smb);
    guint8 *d = g_memdup2(g_bytes_get_data(smb, NULL), len);
    d[24] = (guint8)tid;
    d[25] = (guint8)(tid >> 8);
    d[28] = (guint8)uid;
    d[29] = (guint8)(uid >> 8);
    return g_bytes_new_take(d, len);
}

void
smb_parse(GBytes *smb, MsSmbHeader *h, MsSmbBlock *b)
{
    gsize len;
    const guint8 *d = g_bytes_get_data(smb, &len);
    CU_ASSERT_EQUAL_FATAL(ms_smb_header_parse(d, len, h), MS_OK);
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(d, len, MS_SMB_HEADER_LEN, h->command, b), MS_OK);
}

void
harness_samba_config(MsSmbServerConfig *cfg)
{
    ms_smb_server_config_init(cfg);
    cfg->server_name = "H1";
    cfg->workgroup = "LABGRP";
    cfg->native_os = "Windows 6.1";
    cfg->native_lanman = "Samba 4.17.12-Debian";
    cfg->session_key = 0x583e;
    cfg->first_uid = 38579;
    cfg->first_tid = 24885;
}

static void
record_send(const guint8 *smb, gsize len, gpointer user_data)
{
    SmbHarness *h = user_data;
    g_ptr_array_add(h->sent, g_bytes_new(smb, len));
}

static MsStatus
canned_lanman(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
              MsSmbTransOutput *reply, gpointer user_data)
{
    SmbHarness *h = user_data;
    h->lan_calls++;
    g_byte_array_set_size(h->seen_params, 0);
    g_byte_array_set_size(h->seen_data, 0);
    g_byte_array_append(h->seen_params, params, (guint)plen);
    g_byte_array_append(h->seen_data, data, (guint)dlen);
    h->seen_params_cap = reply->params.cap;
    h->seen_data_cap = reply->data.cap;
    if (h->lan_params)
        ms_writer_put_bytes(&reply->params, g_bytes_get_data(h->lan_params, NULL),
                            g_bytes_get_size(h->lan_params));
    if (h->lan_data)
        ms_writer_put_bytes(&reply->data, g_bytes_get_data(h->lan_data, NULL),
                            g_bytes_get_size(h->lan_data));
    if (h->lan_overflow)
        ms_writer_put_zeros(&reply->data, reply->data.cap - reply->data.len + 1);
    return h->lan_status;
}

void
harness_init(SmbHarness *h, const MsSmbServerConfig *cfg)
{
    memset(h, 0, sizeof *h);
    MsSmbServerConfig samba;
    if (cfg == NULL) {
        harness_samba_config(&samba);
        cfg = &samba;
    }
    h->sent = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    h->seen_params = g_byte_array_new();
    h->seen_data = g_byte_array_new();
    h->server = ms_smb_server_new(cfg, record_send, canned_lanman, h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->server);
}

void
harness_clear(SmbHarness *h)
{
    ms_smb_server_free(h->server);
    g_ptr_array_unref(h->sent);
    g_byte_array_unref(h->seen_params);
    g_byte_array_unref(h->seen_data);
    if (h->lan_params)
        g_bytes_unref(h->lan_params);
    if (h->lan_data)
        g_bytes_unref(h->lan_data);
}

MsSmbVerdict
harness_input(SmbHarness *h, GBytes *smb)
{
    gsize len;
    const guint8 *data = g_bytes_get_data(smb, &len);
    /* An exact-size copy, so ASan sees any read past the end. */
    g_autofree guint8 *exact = g_memdup2(data, len);
    return ms_smb_server_input(h->server, exact, len, G_GINT64_CONSTANT(1700000000000000));
}

GBytes *
harness_one_reply(SmbHarness *h, GBytes *smb)
{
    guint before = h->sent->len;
    CU_ASSERT_EQUAL(harness_input(h, smb), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL_FATAL(h->sent->len, before + 1);
    return harness_last(h);
}

GBytes *
harness_last(const SmbHarness *h)
{
    g_assert(h->sent->len > 0);
    return h->sent->pdata[h->sent->len - 1];
}

void
harness_logon(SmbHarness *h, guint16 flags2, guint16 *uid, guint16 *tid)
{
    static const char *const dialects[] = {"NT LANMAN 1.0", "NT LM 0.12"};
    MsSmbHeader hd;
    MsSmbBlock b;
    g_autoptr(GBytes) neg = req_negotiate(flags2, dialects, 2);
    reply_parse(harness_one_reply(h, neg), &hd, &b);
    g_autoptr(GBytes) ss = req_session_setup(flags2, 0, 13, "", 65535);
    reply_parse(harness_one_reply(h, ss), &hd, &b);
    CU_ASSERT_EQUAL_FATAL(hd.status, 0);
    *uid = hd.uid;
    g_autoptr(GBytes) tc = req_tree_connect(flags2, *uid, 0xFFFF, "\\\\H1\\IPC$", "?????", 0);
    reply_parse(harness_one_reply(h, tc), &hd, &b);
    CU_ASSERT_EQUAL_FATAL(hd.status, 0);
    *tid = hd.tid;
}

MsSmbHeader
req_header(guint8 command, guint16 flags2, guint16 uid, guint16 tid, guint16 mid)
{
    MsSmbHeader h = {0};
    h.command = command;
    h.flags = MS_SMB_FLAGS_CASE_INSENSITIVE | MS_SMB_FLAGS_CANONICALIZED_PATHS;
    h.flags2 = flags2;
    h.pid = 0x5837;
    h.uid = uid;
    h.tid = tid;
    h.mid = mid;
    return h;
}

/* A request being built: header first, then the command's block. */
typedef struct {
    guint8 buf[70000];
    MsWriter w;
} Msg;

static MsWriter *
msg_begin(Msg *m, MsSmbHeader h)
{
    m->w = ms_writer_init(m->buf, sizeof m->buf);
    ms_smb_header_write(&m->w, &h);
    return &m->w;
}

static GBytes *
msg_end(Msg *m)
{
    CU_ASSERT_FALSE_FATAL(m->w.overflow);
    return g_bytes_new(m->buf, m->w.len);
}

GBytes *
req_negotiate(guint16 flags2, const char *const *dialects, guint n)
{
    g_autofree Msg *m = g_new(Msg, 1);
    MsWriter *w = msg_begin(m, req_header(MS_SMB_COM_NEGOTIATE, flags2, 0, 0, 0));
    CU_ASSERT_EQUAL(ms_smb_negotiate_request_write(w, dialects, n), MS_OK);
    return msg_end(m);
}

static MsSmbSessionSetupRequest
setup_request(guint8 word_count, const char *account, guint16 max_buffer)
{
    MsSmbSessionSetupRequest r = {0};
    r.word_count = word_count;
    r.max_buffer_size = max_buffer;
    r.max_mpx_count = 2;
    r.vc_number = 1;
    r.capabilities = MS_SMB_CAP_UNICODE | MS_SMB_CAP_NT_SMBS | MS_SMB_CAP_STATUS32;
    r.account = ms_smb_str(account);
    r.domain = ms_smb_str("");
    r.native_os = ms_smb_str("Unix");
    r.native_lanman = ms_smb_str("Samba");
    return r;
}

static gboolean
unicode_of(guint16 flags2)
{
    return (flags2 & MS_SMB_FLAGS2_UNICODE) != 0;
}

GBytes *
req_session_setup(guint16 flags2, guint16 uid, guint8 word_count, const char *account,
                  guint16 max_buffer)
{
    MsSmbSessionSetupRequest r = setup_request(word_count, account, max_buffer);
    g_autofree Msg *m = g_new(Msg, 1);
    MsWriter *w = msg_begin(m, req_header(MS_SMB_COM_SESSION_SETUP_ANDX, flags2, uid, 0, 1));
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_write(w, 0, unicode_of(flags2), &r), MS_OK);
    return msg_end(m);
}

static MsSmbTreeConnectRequest
tcon_request(const char *path, const char *service, guint16 flags)
{
    static const guint8 nul = 0;
    MsSmbTreeConnectRequest r = {0};
    r.flags = flags;
    r.password = &nul;
    r.password_len = 1;
    r.path = ms_smb_str(path);
    r.service = ms_smb_str(service);
    return r;
}

GBytes *
req_tree_connect(guint16 flags2, guint16 uid, guint16 tid, const char *path, const char *service,
                 guint16 flags)
{
    MsSmbTreeConnectRequest r = tcon_request(path, service, flags);
    g_autofree Msg *m = g_new(Msg, 1);
    MsWriter *w = msg_begin(m, req_header(MS_SMB_COM_TREE_CONNECT_ANDX, flags2, uid, tid, 2));
    CU_ASSERT_EQUAL(ms_smb_tree_connect_request_write(w, 0, unicode_of(flags2), &r), MS_OK);
    return msg_end(m);
}

GBytes *
req_setup_and_connect(guint16 flags2, const char *path)
{
    MsSmbSessionSetupRequest s = setup_request(13, "", 65535);
    MsSmbTreeConnectRequest t = tcon_request(path, "?????", 0);
    g_autofree Msg *m = g_new(Msg, 1);
    MsWriter *w = msg_begin(m, req_header(MS_SMB_COM_SESSION_SETUP_ANDX, flags2, 0, 0xFFFF, 1));
    gsize first = w->len;
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_write(w, 0, unicode_of(flags2), &s), MS_OK);
    ms_smb_andx_link(w, 0, first, MS_SMB_COM_TREE_CONNECT_ANDX, w->len);
    CU_ASSERT_EQUAL(ms_smb_tree_connect_request_write(w, 0, unicode_of(flags2), &t), MS_OK);
    return msg_end(m);
}

GBytes *
req_trans(guint16 flags2, guint16 uid, guint16 tid, guint16 mid, const char *name,
          const guint8 *params, gsize plen, const guint8 *data, gsize dlen, guint16 max_params,
          guint16 max_data)
{
    MsSmbTransRequest r = {0};
    r.total_param_count = r.param_count = (guint16)plen;
    r.total_data_count = r.data_count = (guint16)dlen;
    r.max_param_count = max_params;
    r.max_data_count = max_data;
    r.name = ms_smb_str(name);
    r.params = params;
    r.data = data;
    g_autofree Msg *m = g_new(Msg, 1);
    MsWriter *w = msg_begin(m, req_header(MS_SMB_COM_TRANSACTION, flags2, uid, tid, mid));
    CU_ASSERT_EQUAL(ms_smb_trans_request_write(w, 0, unicode_of(flags2), &r), MS_OK);
    return msg_end(m);
}

GBytes *
req_empty(guint8 command, guint16 flags2, guint16 uid, guint16 tid, guint16 mid)
{
    g_autofree Msg *m = g_new(Msg, 1);
    ms_smb_empty_write(msg_begin(m, req_header(command, flags2, uid, tid, mid)));
    return msg_end(m);
}

GBytes *
req_logoff(guint16 flags2, guint16 uid)
{
    g_autofree Msg *m = g_new(Msg, 1);
    ms_smb_logoff_write(msg_begin(m, req_header(MS_SMB_COM_LOGOFF_ANDX, flags2, uid, 0, 9)));
    return msg_end(m);
}

GBytes *
req_echo(guint16 flags2, guint16 count, const char *data)
{
    MsSmbEcho e = {count, (const guint8 *)data, (guint16)strlen(data)};
    g_autofree Msg *m = g_new(Msg, 1);
    MsWriter *w = msg_begin(m, req_header(MS_SMB_COM_ECHO, flags2, 0, 0xFFFF, 7));
    CU_ASSERT_EQUAL(ms_smb_echo_write(w, &e), MS_OK);
    return msg_end(m);
}

void
reply_parse(GBytes *reply, MsSmbHeader *h, MsSmbBlock *b)
{
    smb_parse(reply, h, b);
    CU_ASSERT_TRUE(h->flags & MS_SMB_FLAGS_REPLY);
}

void
assert_error_reply(GBytes *reply, guint8 command, guint32 status, gboolean nt)
{
    MsSmbHeader h;
    MsSmbBlock b;
    reply_parse(reply, &h, &b);
    CU_ASSERT_EQUAL(h.command, command);
    if (h.status != status)
        fprintf(stderr, "status 0x%08x, expected 0x%08x\n", h.status, status);
    CU_ASSERT_EQUAL(h.status, status);
    CU_ASSERT_EQUAL((h.flags2 & MS_SMB_FLAGS2_NT_STATUS) != 0, nt);
    CU_ASSERT_EQUAL(b.word_count, 0);
    CU_ASSERT_EQUAL(b.byte_count, 0);
    CU_ASSERT_EQUAL(g_bytes_get_size(reply), MS_SMB_MIN_LEN);
}
