/* Fuzzes the session framing (RFC 1002 §4.3, direct TCP) and the server end of a
 * session. The first input byte chooses: bit 0 direct TCP (port 445) or NBSS (139); bits
 * 1-7 a chunk size (1..128) the rest of the input is cut into, as TCP may deliver it.
 * Properties: nothing crashes or leaks; the framer gives the same frames however the stream
 * is cut (whole, or in chunks); no frame exceeds the limit; bytes are consumed exactly up to
 * a frame's end; the session's only output is `82 00 00 00` or `83 00 00 01 <code>`, and
 * nothing comes out or gets in after it closes. */
#include <libmailslot/ms-session.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define MAX_MESSAGE 4096

/* Frames of the stream, as "type, length, payload" records; the error (if any) last. */
static GByteArray *
frames_of(MsFraming framing, const guint8 *data, gsize size, gsize chunk)
{
    g_autoptr(MsFramer) f = ms_framer_new(framing, MAX_MESSAGE);
    GByteArray *out = g_byte_array_new();
    for (gsize pos = 0; pos < size;) {
        gsize end = MIN(size, pos + chunk);
        while (pos < end) {
            gsize used;
            MsFrame fr;
            MsFramerResult r = ms_framer_feed(f, data + pos, end - pos, &used, &fr);
            FUZZ_CHECK(used <= end - pos);
            pos += used;
            if (r == MS_FRAMER_ERROR) {
                FUZZ_CHECK(ms_framer_error(f) != MS_FRAMER_OK);
                guint8 e[2] = {0xEE, (guint8)ms_framer_error(f)};
                g_byte_array_append(out, e, 2);
                return out;
            }
            if (r == MS_FRAMER_NEED_MORE) {
                FUZZ_CHECK(pos == end);
                break;
            }
            FUZZ_CHECK(fr.type != MS_NBSS_SESSION_MESSAGE || fr.len <= MAX_MESSAGE);
            FUZZ_CHECK(framing == MS_FRAMING_NBSS || fr.type == MS_NBSS_SESSION_MESSAGE);
            guint8 head[5] = {fr.type, (guint8)(fr.len >> 24), (guint8)(fr.len >> 16),
                              (guint8)(fr.len >> 8), (guint8)fr.len};
            g_byte_array_append(out, head, sizeof head);
            g_byte_array_append(out, fr.payload, (guint)fr.len);
        }
    }
    return out;
}

static void
check_session(MsFraming framing, const guint8 *data, gsize size, gsize chunk)
{
    MsSessionConfig cfg = {framing, MAX_MESSAGE, "H1", NULL};
    g_autoptr(MsSession) s = ms_session_new(&cfg);
    g_autoptr(GByteArray) out = g_byte_array_new();
    gboolean closed = FALSE;
    for (gsize pos = 0; pos < size && !closed;) {
        gsize end = MIN(size, pos + chunk);
        while (pos < end) {
            gsize used, before = out->len;
            MsFrame smb;
            MsSessionResult r = ms_session_feed(s, data + pos, end - pos, &used, &smb, out);
            pos += used;
            if (r == MS_SESSION_CLOSE) {
                closed = TRUE;
                break;
            }
            if (r == MS_SESSION_SMB)
                FUZZ_CHECK(ms_session_established(s) && smb.len <= MAX_MESSAGE);
            if (out->len > before)
                FUZZ_CHECK(out->len - before == 4 && out->data[before] == 0x82);
            if (r == MS_SESSION_NEED_MORE)
                break;
        }
    }
    /* a negative response is the very last thing said */
    for (gsize i = 0; i < out->len;) {
        if (out->data[i] == 0x83) {
            FUZZ_CHECK(closed && i + 5 == out->len);
            break;
        }
        FUZZ_CHECK(memcmp(out->data + i, "\x82\x00\x00\x00", 4) == 0);
        i += 4;
    }
    if (closed) {
        gsize used;
        MsFrame smb;
        guint before = out->len;
        FUZZ_CHECK(ms_session_feed(s, data, size, &used, &smb, out) == MS_SESSION_CLOSE);
        FUZZ_CHECK(out->len == before && used == 0);
    }
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    if (size < 1)
        return 0;
    MsFraming framing = (data[0] & 1) ? MS_FRAMING_DIRECT : MS_FRAMING_NBSS;
    gsize chunk = (gsize)(data[0] >> 1) + 1;
    data++;
    size--;
    g_autoptr(GByteArray) whole = frames_of(framing, data, size, size ? size : 1);
    g_autoptr(GByteArray) cut = frames_of(framing, data, size, chunk);
    FUZZ_CHECK(whole->len == cut->len &&
               (whole->len == 0 || memcmp(whole->data, cut->data, whole->len) == 0));
    check_session(framing, data, size, chunk);
    return 0;
}
