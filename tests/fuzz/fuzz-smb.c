/* Fuzzes one connection of the SMB1 responder (ms_smb_conn_*: session layer and server
 * machine) with a scripted byte stream. The input is a flags byte, then records of
 * `kind` (1 byte), `len` (u16 BE) and `len` bytes:
 *   flags bit 0: direct TCP (445) rather than NBSS (139, where a session request to H1 is
 *                sent first unless bit 1 is set);
 *   flags bit 1: no prelude: the records are all there is;
 *   flags bit 2: the prelude logs on with a 500-byte client buffer (replies get split);
 *   flags bit 3: the prelude negotiates a LAN Manager dialect instead of NT LM 0.12;
 *   kind bit 0: the payload is an SMB message: it is framed, and with kind bit 1 its UID and
 *               TID are set to the prelude's; otherwise the payload is raw stream bytes.
 * The prelude is NEGOTIATE, SESSION_SETUP_ANDX and TREE_CONNECT_ANDX to IPC$, so that most
 * records reach the commands behind them.
 * Properties: nothing crashes or leaks; what comes out always frames, and every SMB in it is
 * a reply whose header and every block of its chain parse with the client half of the codec
 * (TRANSACTION parts included) and which is no longer than 64 KiB; nothing comes out after
 * the connection asked to close; feeding the same bytes one at a time gives the same output. */
#include <libmailslot/ms-smb-commands.h>
#include <libmailslot/ms-smb-server.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

/* A handler whose answer depends on its input: up to MaxParameterCount bytes of the
 * request's parameters back, and params[0] * 37 bytes of data (enough to be split). */
static MsStatus
lanman(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
       MsSmbTransOutput *reply, gpointer user_data)
{
    (void)data;
    (void)dlen;
    (void)user_data;
    if (plen == 0)
        return MS_ERR_TRUNCATED;
    ms_writer_put_bytes(&reply->params, params, MIN(plen, reply->params.cap));
    gsize n = MIN((gsize)params[0] * 37, reply->data.cap);
    for (gsize i = 0; i < n; i++)
        ms_writer_put_u8(&reply->data, (guint8)(i ^ params[i % plen]));
    return MS_OK;
}

static void
check_reply(const guint8 *smb, gsize len)
{
    MsSmbHeader h;
    FUZZ_CHECK(len <= G_MAXUINT16 + 1);
    FUZZ_CHECK(ms_smb_header_parse(smb, len, &h) == MS_OK);
    FUZZ_CHECK(h.flags & MS_SMB_FLAGS_REPLY);
    MsSmbBlock blocks[4];
    guint n;
    FUZZ_CHECK(ms_smb_chain_parse(smb, len, h.command, blocks, G_N_ELEMENTS(blocks), &n) == MS_OK);
    for (guint i = 0; i < n; i++) {
        if (blocks[i].command == MS_SMB_COM_TRANSACTION && blocks[i].word_count > 0) {
            MsSmbTransPart p;
            FUZZ_CHECK(ms_smb_trans_reply_parse(smb, &blocks[i], &p) == MS_OK);
        }
    }
    FUZZ_CHECK(blocks[n - 1].end == len);
}

/* Every frame of the output: session responses, or SMB replies that parse. */
static void
check_output(MsFraming framing, const GByteArray *out)
{
    g_autoptr(MsFramer) f = ms_framer_new(framing, G_MAXUINT16 + 1);
    for (gsize pos = 0; pos < out->len;) {
        gsize used;
        MsFrame fr;
        MsFramerResult r = ms_framer_feed(f, out->data + pos, out->len - pos, &used, &fr);
        FUZZ_CHECK(r == MS_FRAMER_FRAME);
        pos += used;
        if (fr.type == MS_NBSS_SESSION_MESSAGE)
            check_reply(fr.payload, fr.len);
        else
            FUZZ_CHECK(fr.type == MS_NBSS_POSITIVE_RESPONSE || fr.type == MS_NBSS_NEGATIVE_RESPONSE);
    }
}

static void
append_framed(GByteArray *in, MsFraming framing, const guint8 *smb, gsize len)
{
    guint8 head[MS_SESSION_HEADER_LEN];
    MsWriter w = ms_writer_init(head, sizeof head);
    if (ms_session_write_header(&w, framing, MS_NBSS_SESSION_MESSAGE, len) != MS_OK)
        return;
    g_byte_array_append(in, head, sizeof head);
    g_byte_array_append(in, smb, (guint)len);
}

/* The request stream the prelude and records make. */
static GByteArray *
script_to_stream(const guint8 *data, gsize size, MsFraming framing, guint8 flags)
{
    GByteArray *in = g_byte_array_new();
    guint8 buf[512];
    MsWriter w;
    gboolean unicode = FALSE;
    if (framing == MS_FRAMING_NBSS && !(flags & 2)) {
        MsName called, calling;
        ms_name_init(&called, "H1", MS_SUFFIX_SERVER, NULL);
        ms_name_init(&calling, "FUZZER", MS_SUFFIX_WORKSTATION, NULL);
        w = ms_writer_init(buf, sizeof buf);
        ms_nbss_session_request_build(&w, &called, &calling);
        g_byte_array_append(in, buf, (guint)w.len);
    }
    if (!(flags & 2)) {
        static const char *const nt[] = {"NT LM 0.12"};
        static const char *const lm[] = {"LANMAN1.0", "LM1.2X002", "LANMAN2.1"};
        guint16 flags2 = MS_SMB_FLAGS2_LONG_NAMES | MS_SMB_FLAGS2_NT_STATUS |
                         MS_SMB_FLAGS2_UNICODE;
        unicode = TRUE;
        MsSmbHeader h = {.command = MS_SMB_COM_NEGOTIATE, .flags2 = flags2, .pid = 1};
        w = ms_writer_init(buf, sizeof buf);
        ms_smb_header_write(&w, &h);
        if (flags & 8)
            ms_smb_negotiate_request_write(&w, lm, G_N_ELEMENTS(lm));
        else
            ms_smb_negotiate_request_write(&w, nt, 1);
        append_framed(in, framing, buf, w.len);

        MsSmbSessionSetupRequest ss = {0};
        ss.word_count = (flags & 8) ? 10 : 13;
        ss.max_buffer_size = (flags & 4) ? 500 : 65535;
        ss.max_mpx_count = 2;
        ss.account = ms_smb_str("fuzz");
        h.command = MS_SMB_COM_SESSION_SETUP_ANDX;
        w = ms_writer_init(buf, sizeof buf);
        ms_smb_header_write(&w, &h);
        gsize first = w.len;
        ms_smb_session_setup_request_write(&w, 0, unicode, &ss);
        ms_smb_andx_link(&w, 0, first, MS_SMB_COM_TREE_CONNECT_ANDX, w.len);
        MsSmbTreeConnectRequest tc = {.path = ms_smb_str("\\\\H1\\IPC$"),
                                      .service = ms_smb_str("?????")};
        ms_smb_tree_connect_request_write(&w, 0, unicode, &tc);
        append_framed(in, framing, buf, w.len);
    }
    MsReader r = ms_reader_init(data, size);
    guint8 kind;
    guint16 len;
    const guint8 *chunk;
    while (ms_reader_get_u8(&r, &kind) && ms_reader_get_be16(&r, &len)) {
        len = (guint16)MIN((gsize)len, ms_reader_remaining(&r));
        ms_reader_get_bytes(&r, len, &chunk);
        if (!(kind & 1)) {
            g_byte_array_append(in, chunk, len);
            continue;
        }
        g_autofree guint8 *smb = g_memdup2(chunk, len);
        /* The prelude's ids: the server's defaults hand out UID 100 and TID 1 first. */
        if ((kind & 2) && len >= MS_SMB_HEADER_LEN) {
            smb[24] = 1;
            smb[25] = 0;
            smb[28] = 100;
            smb[29] = 0;
        }
        append_framed(in, framing, smb, len);
    }
    return in;
}

/* Feeds the stream in pieces of `step`; returns the output, and whether it closed. */
static GByteArray *
run(MsFraming framing, const GByteArray *in, gsize step, gboolean *closed)
{
    MsSessionConfig sc = {framing, 0, "H1", NULL};
    MsSmbServerConfig cfg;
    ms_smb_server_config_init(&cfg);
    cfg.server_name = "H1";
    cfg.workgroup = "LABGRP";
    cfg.max_trans_bytes = 4096;
    cfg.max_echo_replies = 3;
    g_autoptr(MsSmbConn) c = ms_smb_conn_new(&sc, &cfg, lanman, NULL);
    FUZZ_CHECK(c != NULL);
    GByteArray *out = g_byte_array_new();
    *closed = FALSE;
    for (gsize pos = 0; pos < in->len; pos += step) {
        guint before = out->len;
        gboolean open = ms_smb_conn_feed(c, in->data + pos, MIN(step, in->len - pos), 0, out);
        if (*closed)
            FUZZ_CHECK(!open && out->len == before);
        *closed = !open;
    }
    return out;
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    if (size < 1)
        return 0;
    guint8 flags = data[0];
    MsFraming framing = (flags & 1) ? MS_FRAMING_DIRECT : MS_FRAMING_NBSS;
    g_autoptr(GByteArray) in = script_to_stream(data + 1, size - 1, framing, flags);
    gboolean closed_whole, closed_bytewise;
    g_autoptr(GByteArray) whole = run(framing, in, in->len ? in->len : 1, &closed_whole);
    check_output(framing, whole);
    /* the differential run is the slow part: only for inputs of a reasonable size */
    if (in->len <= 4096) {
        g_autoptr(GByteArray) bytewise = run(framing, in, 1, &closed_bytewise);
        FUZZ_CHECK(closed_whole == closed_bytewise);
        FUZZ_CHECK(whole->len == bytewise->len &&
                   (whole->len == 0 || memcmp(whole->data, bytewise->data, whole->len) == 0));
    }
    return 0;
}
