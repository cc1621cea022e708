/* The session service (RFC 1002 §4.3) and direct TCP framing: RAP-001..RAP-007 at the
 * framing level, byte-exact against the capture's session establishment (frames 124/126). */
#include <libmailslot/ms-session.h>

#include <string.h>

#include "smb-harness.h"

static MsSessionConfig
server_config(MsFraming framing)
{
    MsSessionConfig c = {framing, 16644, "H1", NULL};
    return c;
}

/* Feeds `len` bytes in pieces of `step`, collecting frames (payload copies) and stopping
 * at an error. Returns the last result. */
static MsFramerResult
feed_all(MsFramer *f, const guint8 *data, gsize len, gsize step, GPtrArray *frames)
{
    MsFramerResult r = MS_FRAMER_NEED_MORE;
    gsize pos = 0;
    while (pos < len) {
        gsize chunk = MIN(step, len - pos), used_total = 0;
        while (used_total < chunk) {
            gsize used;
            MsFrame fr;
            r = ms_framer_feed(f, data + pos + used_total, chunk - used_total, &used, &fr);
            used_total += used;
            if (r == MS_FRAMER_ERROR)
                return r;
            if (r == MS_FRAMER_FRAME) {
                GByteArray *copy = g_byte_array_new();
                g_byte_array_append(copy, &fr.type, 1);
                g_byte_array_append(copy, fr.payload, (guint)fr.len);
                g_ptr_array_add(frames, copy);
            }
        }
        pos += chunk;
    }
    return r;
}

/* RAP-004: frames come out whole however the stream is cut, lengths honoured. */
static void
test_rap004_framer_any_split(void)
{
    g_autoptr(GBytes) req = capture_payload(124);
    g_autoptr(GBytes) neg = capture_payload(128);
    g_autoptr(GByteArray) stream = g_byte_array_new();
    g_byte_array_append(stream, g_bytes_get_data(req, NULL), (guint)g_bytes_get_size(req));
    static const guint8 keep_alive[] = {0x85, 0, 0, 0};
    g_byte_array_append(stream, keep_alive, sizeof keep_alive);
    g_byte_array_append(stream, g_bytes_get_data(neg, NULL), (guint)g_bytes_get_size(neg));
    for (gsize step = 1; step <= stream->len; step++) {
        g_autoptr(MsFramer) f = ms_framer_new(MS_FRAMING_NBSS, 16644);
        g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func(
            (GDestroyNotify)g_byte_array_unref);
        CU_ASSERT_EQUAL(feed_all(f, stream->data, stream->len, step, frames), MS_FRAMER_FRAME);
        CU_ASSERT_EQUAL_FATAL(frames->len, 3);
        GByteArray *a = frames->pdata[0], *b = frames->pdata[1], *c = frames->pdata[2];
        CU_ASSERT_EQUAL(a->data[0], MS_NBSS_SESSION_REQUEST);
        CU_ASSERT_EQUAL(a->len, 1 + 68);
        CU_ASSERT_EQUAL(b->data[0], MS_NBSS_KEEP_ALIVE);
        CU_ASSERT_EQUAL(b->len, 1);
        CU_ASSERT_EQUAL(c->data[0], MS_NBSS_SESSION_MESSAGE);
        TEST_ASSERT_BYTES_EQUAL(c->data + 1, c->len - 1,
                                (const guint8 *)g_bytes_get_data(neg, NULL) + 4,
                                g_bytes_get_size(neg) - 4);
    }
}

/* RAP-004: the E bit adds 65536; a length beyond the limit breaks the stream at once,
 * before any of the body is buffered. */
static void
test_rap004_length_extension_and_limit(void)
{
    g_autofree guint8 *big = g_malloc0(4 + 70000);
    big[0] = 0x00;
    big[1] = MS_NBSS_FLAG_E;
    big[2] = (guint8)((70000 - 65536) >> 8);
    big[3] = (guint8)(70000 - 65536);
    big[4] = 0xFF;
    {
        g_autoptr(MsFramer) f = ms_framer_new(MS_FRAMING_NBSS, 100000);
        gsize used;
        MsFrame fr;
        CU_ASSERT_EQUAL(ms_framer_feed(f, big, 4 + 70000, &used, &fr), MS_FRAMER_FRAME);
        CU_ASSERT_EQUAL(fr.len, 70000);
        CU_ASSERT_EQUAL(used, 4 + 70000);
    }
    {
        g_autoptr(MsFramer) f = ms_framer_new(MS_FRAMING_NBSS, 65536);
        gsize used;
        MsFrame fr;
        CU_ASSERT_EQUAL(ms_framer_feed(f, big, 4, &used, &fr), MS_FRAMER_ERROR);
        CU_ASSERT_EQUAL(ms_framer_error(f), MS_FRAMER_TOO_LARGE);
        /* and stays broken */
        CU_ASSERT_EQUAL(ms_framer_feed(f, big + 4, 10, &used, &fr), MS_FRAMER_ERROR);
        CU_ASSERT_EQUAL(used, 0);
    }
    /* The header round trip at the limits of each framing. */
    guint8 h[4];
    MsWriter w = ms_writer_init(h, sizeof h);
    CU_ASSERT_EQUAL(ms_session_write_header(&w, MS_FRAMING_NBSS, 0, MS_NBSS_MAX_LENGTH), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(h, 4, (const guint8 *)"\x00\x01\xff\xff", 4);
    w = ms_writer_init(h, sizeof h);
    CU_ASSERT_EQUAL(ms_session_write_header(&w, MS_FRAMING_NBSS, 0, MS_NBSS_MAX_LENGTH + 1),
                    MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_session_write_header(&w, MS_FRAMING_DIRECT, 0, 0x123456), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(h, 4, (const guint8 *)"\x00\x12\x34\x56", 4);
}

/* Fixed-size packets must have their size; unknown types break the stream. */
static void
test_framer_bad_types_and_lengths(void)
{
    static const struct {
        guint8 bytes[5];
        gsize len;
        MsFramerError error;
    } cases[] = {
        {{0x85, 0, 0, 1, 0}, 5, MS_FRAMER_BAD_LENGTH}, /* keep-alive with a body */
        {{0x82, 0, 0, 2, 0}, 5, MS_FRAMER_BAD_LENGTH},
        {{0x83, 0, 0, 0, 0}, 4, MS_FRAMER_BAD_LENGTH},
        {{0x84, 0, 0, 1, 0}, 5, MS_FRAMER_BAD_LENGTH},
        {{0x81, 0, 0x02, 0x00, 0}, 4, MS_FRAMER_BAD_LENGTH}, /* a 512-byte session request */
        {{0x86, 0, 0, 0, 0}, 4, MS_FRAMER_BAD_TYPE},
        {{0xFF, 'S', 'M', 'B', 0}, 4, MS_FRAMER_BAD_TYPE}, /* SMB without a session header */
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MsFramer) f = ms_framer_new(MS_FRAMING_NBSS, 1000);
        gsize used;
        MsFrame fr;
        CU_ASSERT_EQUAL(ms_framer_feed(f, cases[i].bytes, cases[i].len, &used, &fr),
                        MS_FRAMER_ERROR);
        CU_ASSERT_EQUAL(ms_framer_error(f), cases[i].error);
    }
    /* Direct TCP: a non-zero first byte is not a frame ([MS-SMB] §2.1). */
    g_autoptr(MsFramer) d = ms_framer_new(MS_FRAMING_DIRECT, 1000);
    gsize used;
    MsFrame fr;
    CU_ASSERT_EQUAL(ms_framer_feed(d, (const guint8 *)"\x81\x00\x00\x00", 4, &used, &fr),
                    MS_FRAMER_ERROR);
    CU_ASSERT_STRING_EQUAL(ms_framer_error_to_string(ms_framer_error(d)), "bad-type");
}

/* RFC 1002 §4.3.1: reserved FLAGS bits carry nothing and are ignored. */
static void
test_framer_reserved_flag_bits_ignored(void)
{
    g_autoptr(MsFramer) f = ms_framer_new(MS_FRAMING_NBSS, 1000);
    gsize used;
    MsFrame fr;
    CU_ASSERT_EQUAL(ms_framer_feed(f, (const guint8 *)"\x00\xfe\x00\x01\x42", 5, &used, &fr),
                    MS_FRAMER_FRAME);
    CU_ASSERT_EQUAL(fr.len, 1);
    CU_ASSERT_EQUAL(fr.payload[0], 0x42);
}

/* RAP-001: the session request smbclient sent (frame 124) is what our builder writes for
 * H1<20> from H2C<00>, and our positive response is Samba's (frame 126). */
static void
test_rap001_request_and_response_match_capture(void)
{
    g_autoptr(GBytes) req = capture_payload(124);
    g_autoptr(GBytes) resp = capture_payload(126);
    MsName called, calling;
    ms_name_init(&called, "H1", MS_SUFFIX_SERVER, NULL);
    ms_name_init(&calling, "H2C", MS_SUFFIX_WORKSTATION, NULL);
    guint8 buf[128];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbss_session_request_build(&w, &called, &calling), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, g_bytes_get_data(req, NULL), g_bytes_get_size(req));

    MsName c2, k2;
    CU_ASSERT_EQUAL(ms_nbss_session_request_parse(buf + 4, w.len - 4, &c2, &k2), MS_OK);
    CU_ASSERT_TRUE(ms_name_equal(&c2, &called));
    CU_ASSERT_TRUE(ms_name_equal(&k2, &calling));

    w = ms_writer_init(buf, sizeof buf);
    ms_nbss_positive_response_build(&w);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, g_bytes_get_data(resp, NULL), g_bytes_get_size(resp));
    MsFrame fr = {MS_NBSS_POSITIVE_RESPONSE, buf + 4, 0};
    guint8 code = 0;
    CU_ASSERT_EQUAL(ms_nbss_session_response_parse(&fr, &code), MS_OK);

    w = ms_writer_init(buf, sizeof buf);
    ms_nbss_negative_response_build(&w, MS_NBSS_ERR_CALLED_NOT_PRESENT);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, (const guint8 *)"\x83\x00\x00\x01\x82", 5);
    fr = (MsFrame){MS_NBSS_NEGATIVE_RESPONSE, buf + 4, 1};
    CU_ASSERT_EQUAL(ms_nbss_session_response_parse(&fr, &code), MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(code, 0x82);

    w = ms_writer_init(buf, sizeof buf);
    ms_nbss_keep_alive_build(&w);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, (const guint8 *)"\x85\x00\x00\x00", 4);
}

/* Feeds a whole stream to a session, collecting SMB messages; returns the last result. */
static MsSessionResult
session_feed_all(MsSession *s, const guint8 *data, gsize len, GByteArray *out, guint *smbs)
{
    gsize pos = 0;
    MsSessionResult r = MS_SESSION_NEED_MORE;
    while (pos < len || r == MS_SESSION_SMB) {
        gsize used;
        MsFrame smb;
        r = ms_session_feed(s, data + pos, len - pos, &used, &smb, out);
        pos += used;
        if (r == MS_SESSION_CLOSE)
            return r;
        if (r == MS_SESSION_SMB)
            (*smbs)++;
        if (r == MS_SESSION_NEED_MORE)
            break;
    }
    return r;
}

static GByteArray *
session_request_bytes(const char *called, guint8 suffix)
{
    MsName a, b;
    ms_name_init(&a, called, suffix, NULL);
    ms_name_init(&b, "CLIENT", 0x00, NULL);
    GByteArray *out = g_byte_array_sized_new(80);
    g_byte_array_set_size(out, 80);
    MsWriter w = ms_writer_init(out->data, out->len);
    ms_nbss_session_request_build(&w, &a, &b);
    g_byte_array_set_size(out, (guint)w.len);
    return out;
}

/* RAP-001, RAP-002, RAP-005: our name and *SMBSERVER are accepted, keep-alives dropped,
 * the session messages after that handed out. */
static void
test_rap001_002_005_accept_names(void)
{
    const char *names[] = {"H1", "h1", MS_NBSS_SMBSERVER};
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        MsSessionConfig cfg = server_config(MS_FRAMING_NBSS);
        g_autoptr(MsSession) s = ms_session_new(&cfg);
        g_autoptr(GByteArray) req = session_request_bytes(names[i], MS_SUFFIX_SERVER);
        g_autoptr(GBytes) neg = capture_payload(128);
        g_byte_array_append(req, (const guint8 *)"\x85\x00\x00\x00", 4);
        g_byte_array_append(req, g_bytes_get_data(neg, NULL), (guint)g_bytes_get_size(neg));
        g_autoptr(GByteArray) out = g_byte_array_new();
        guint smbs = 0;
        CU_ASSERT_FALSE(ms_session_established(s));
        session_feed_all(s, req->data, req->len, out, &smbs);
        TEST_ASSERT_BYTES_EQUAL(out->data, out->len, (const guint8 *)"\x82\x00\x00\x00", 4);
        CU_ASSERT_EQUAL(smbs, 1);
        CU_ASSERT_TRUE(ms_session_established(s));
        const MsSessionCounters *c = ms_session_counters(s);
        CU_ASSERT_EQUAL(c->accepted, 1);
        CU_ASSERT_EQUAL(c->keep_alives, 1);
        CU_ASSERT_EQUAL(c->messages, 1);
    }
}

/* A name that is not ours, or ours with another suffix, gets 0x82 and the close. */
static void
test_rap003_refuse_other_names(void)
{
    static const struct {
        const char *name;
        guint8 suffix;
    } cases[] = {{"OTHER", 0x20}, {"H1", 0x00}, {"*SMBSERV", 0x20}};
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        MsSessionConfig cfg = server_config(MS_FRAMING_NBSS);
        g_autoptr(MsSession) s = ms_session_new(&cfg);
        g_autoptr(GByteArray) req = session_request_bytes(cases[i].name, cases[i].suffix);
        g_autoptr(GByteArray) out = g_byte_array_new();
        guint smbs = 0;
        CU_ASSERT_EQUAL(session_feed_all(s, req->data, req->len, out, &smbs), MS_SESSION_CLOSE);
        TEST_ASSERT_BYTES_EQUAL(out->data, out->len, (const guint8 *)"\x83\x00\x00\x01\x82", 5);
        CU_ASSERT_EQUAL(ms_session_counters(s)->refused_name, 1);
        /* closed for good */
        gsize used;
        MsFrame smb;
        CU_ASSERT_EQUAL(ms_session_feed(s, req->data, req->len, &used, &smb, out),
                        MS_SESSION_CLOSE);
    }
}

/* RAP-003: a session request cut at any point inside its names (the frame length saying
 * so) is answered 0x8F and closed; never a crash. */
static void
test_rap003_truncated_request_every_offset(void)
{
    g_autoptr(GBytes) req = capture_payload(124);
    const guint8 *p = g_bytes_get_data(req, NULL);
    gsize body = g_bytes_get_size(req) - 4;
    for (gsize cut = 0; cut < body; cut++) {
        MsSessionConfig cfg = server_config(MS_FRAMING_NBSS);
        g_autoptr(MsSession) s = ms_session_new(&cfg);
        g_autofree guint8 *frame = g_malloc(4 + cut);
        frame[0] = 0x81;
        frame[1] = 0;
        frame[2] = 0;
        frame[3] = (guint8)cut;
        memcpy(frame + 4, p + 4, cut);
        g_autoptr(GByteArray) out = g_byte_array_new();
        guint smbs = 0;
        CU_ASSERT_EQUAL(session_feed_all(s, frame, 4 + cut, out, &smbs), MS_SESSION_CLOSE);
        TEST_ASSERT_BYTES_EQUAL(out->data, out->len, (const guint8 *)"\x83\x00\x00\x01\x8f", 5);
        CU_ASSERT_EQUAL(ms_session_counters(s)->malformed, 1);
    }
    /* and one byte too many: the names must fill the request exactly */
    MsSessionConfig cfg = server_config(MS_FRAMING_NBSS);
    g_autoptr(MsSession) s = ms_session_new(&cfg);
    g_autofree guint8 *frame = g_malloc0(4 + body + 1);
    memcpy(frame, p, 4 + body);
    frame[3] = (guint8)(body + 1);
    g_autoptr(GByteArray) out = g_byte_array_new();
    guint smbs = 0;
    CU_ASSERT_EQUAL(session_feed_all(s, frame, 4 + body + 1, out, &smbs), MS_SESSION_CLOSE);
}

/* RAP-006 and RFC 1002 §5.2.2: no SMB before the request, no second request, no response
 * types from a client; each closes without a reply. */
static void
test_rap006_protocol_order(void)
{
    g_autoptr(GBytes) neg = capture_payload(128);
    g_autoptr(GByteArray) req = session_request_bytes("H1", 0x20);
    struct {
        GByteArray *stream;
        gsize counter_offset;
    } cases[3];
    cases[0].stream = g_byte_array_new();
    g_byte_array_append(cases[0].stream, g_bytes_get_data(neg, NULL), (guint)g_bytes_get_size(neg));
    cases[0].counter_offset = G_STRUCT_OFFSET(MsSessionCounters, not_requested);
    cases[1].stream = g_byte_array_new();
    g_byte_array_append(cases[1].stream, req->data, req->len);
    g_byte_array_append(cases[1].stream, req->data, req->len);
    cases[1].counter_offset = G_STRUCT_OFFSET(MsSessionCounters, second_request);
    cases[2].stream = g_byte_array_new();
    g_byte_array_append(cases[2].stream, req->data, req->len);
    g_byte_array_append(cases[2].stream, (const guint8 *)"\x82\x00\x00\x00", 4);
    cases[2].counter_offset = G_STRUCT_OFFSET(MsSessionCounters, unexpected_type);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        MsSessionConfig cfg = server_config(MS_FRAMING_NBSS);
        g_autoptr(MsSession) s = ms_session_new(&cfg);
        g_autoptr(GByteArray) out = g_byte_array_new();
        guint smbs = 0;
        CU_ASSERT_EQUAL(session_feed_all(s, cases[i].stream->data, cases[i].stream->len, out,
                                         &smbs),
                        MS_SESSION_CLOSE);
        CU_ASSERT_EQUAL(smbs, 0);
        guint64 count;
        memcpy(&count, (const guint8 *)ms_session_counters(s) + cases[i].counter_offset,
               sizeof count);
        CU_ASSERT_EQUAL(count, 1);
        g_byte_array_unref(cases[i].stream);
    }
}

/* RAP-004 through the session: a message over the limit closes the connection. */
static void
test_rap004_session_too_large(void)
{
    MsSessionConfig cfg = server_config(MS_FRAMING_DIRECT);
    cfg.max_message = 100;
    g_autoptr(MsSession) s = ms_session_new(&cfg);
    CU_ASSERT_TRUE(ms_session_established(s));
    g_autoptr(GByteArray) out = g_byte_array_new();
    guint smbs = 0;
    CU_ASSERT_EQUAL(session_feed_all(s, (const guint8 *)"\x00\x00\x00\x65", 4, out, &smbs),
                    MS_SESSION_CLOSE);
    CU_ASSERT_EQUAL(ms_session_counters(s)->too_large, 1);
    CU_ASSERT_EQUAL(out->len, 0);
}

/* Port 445: no session request, every frame an SMB message (the capture's nmap run sends
 * its NEGOTIATE that way, frame 186). */
static void
test_direct_tcp_messages_flow_at_once(void)
{
    g_autoptr(GBytes) neg = capture_payload(186);
    MsSessionConfig cfg = server_config(MS_FRAMING_DIRECT);
    g_autoptr(MsSession) s = ms_session_new(&cfg);
    g_autoptr(GByteArray) out = g_byte_array_new();
    gsize used;
    MsFrame smb;
    CU_ASSERT_EQUAL(ms_session_feed(s, g_bytes_get_data(neg, NULL), g_bytes_get_size(neg),
                                    &used, &smb, out),
                    MS_SESSION_SMB);
    CU_ASSERT_EQUAL(smb.len, g_bytes_get_size(neg) - 4);
    CU_ASSERT_EQUAL(smb.payload[0], 0xFF);
    /* a session request is no frame on 445 */
    g_autoptr(GBytes) req = capture_payload(124);
    CU_ASSERT_EQUAL(ms_session_feed(s, g_bytes_get_data(req, NULL), g_bytes_get_size(req), &used,
                                    &smb, out),
                    MS_SESSION_CLOSE);
    CU_ASSERT_EQUAL(ms_session_counters(s)->bad_frame, 1);
}

static void
test_invalid_config_refused(void)
{
    MsSessionConfig cfg = {MS_FRAMING_NBSS, 100, "NAME.WITH.DOT", NULL};
    CU_ASSERT_PTR_NULL(ms_session_new(&cfg));
    cfg.name = "";
    CU_ASSERT_PTR_NULL(ms_session_new(&cfg));
}

static CU_TestInfo tests[] = {
    {"RAP-004 framer: any split", test_rap004_framer_any_split},
    {"RAP-004 E bit and limit", test_rap004_length_extension_and_limit},
    {"framer: bad types and lengths", test_framer_bad_types_and_lengths},
    {"framer: reserved flag bits ignored", test_framer_reserved_flag_bits_ignored},
    {"RAP-001 request/response match capture 124/126", test_rap001_request_and_response_match_capture},
    {"RAP-001/002/005 accept our name and *SMBSERVER", test_rap001_002_005_accept_names},
    {"RAP-003 refuse other names", test_rap003_refuse_other_names},
    {"RAP-003 truncated request at every offset", test_rap003_truncated_request_every_offset},
    {"RAP-006 protocol order", test_rap006_protocol_order},
    {"RAP-004 session: too large", test_rap004_session_too_large},
    {"direct TCP", test_direct_tcp_messages_flow_at_once},
    {"invalid config refused", test_invalid_config_refused},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-session", tests);
}
