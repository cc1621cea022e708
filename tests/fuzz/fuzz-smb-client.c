/* Fuzzes the SMB1 client session (ms-smb-client.h) with hostile server bytes. The first
 * input byte chooses: bit 0 direct TCP (445) or NBSS (139); bits 1-7 a chunk size
 * (1..128) the rest is cut into, as TCP may deliver it. Whenever the session is READY the
 * target sends a NetServerEnum2-sized transaction, so reply reassembly is reached too.
 * Properties: nothing crashes or leaks; FAILED is final and silent; what we send stays
 * bounded (one request per step); a reply, when there is one, lies within its bound; a
 * transaction is refused only as a failed session (the server's buffer too small). */
#include <libmailslot/ms-smb-client.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define MAX_REPLY 4096
#define MAX_TRANSACTIONS 4

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    if (size < 1)
        return 0;
    MsSmbClientConfig cfg;
    ms_smb_client_config_init(&cfg);
    cfg.framing = (data[0] & 1) ? MS_FRAMING_DIRECT : MS_FRAMING_NBSS;
    cfg.our_name = "FUZZER";
    cfg.server_name = "H1";
    cfg.workgroup = "LABGRP";
    cfg.max_buffer = 1024;
    cfg.max_reply_bytes = MAX_REPLY;
    gsize chunk = (gsize)(data[0] >> 1) + 1;
    data++;
    size--;
    g_autoptr(MsSmbClient) c = ms_smb_client_new(&cfg);
    FUZZ_CHECK(c != NULL);
    g_autoptr(GByteArray) out = g_byte_array_new();
    ms_smb_client_start(c, out);
    static const guint8 rap[] = {0x68, 0x00, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0x00,
                                 'B', '1', '6', 'B', 'B', 'D', 'z', 0x00, 0x01, 0x00,
                                 0xE0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    guint transactions = 0;
    for (gsize pos = 0; pos < size; pos += chunk) {
        gsize n = MIN(chunk, size - pos);
        guint before = out->len;
        MsSmbClientState st = ms_smb_client_feed(c, data + pos, n, out);
        /* Each step answers with at most one small request. */
        FUZZ_CHECK(out->len - before <= 1024);
        if (st == MS_SMB_CLIENT_FAILED) {
            FUZZ_CHECK(ms_smb_client_error(c) != MS_SMB_CLIENT_OK);
            g_autofree char *why = ms_smb_client_describe_error(c);
            FUZZ_CHECK(why != NULL);
            guint after = out->len;
            FUZZ_CHECK(ms_smb_client_feed(c, data + pos, n, out) == MS_SMB_CLIENT_FAILED);
            FUZZ_CHECK(out->len == after);
            break;
        }
        if (ms_smb_client_has_reply(c)) {
            const guint8 *p, *d;
            gsize plen, dlen;
            FUZZ_CHECK(ms_smb_client_reply(c, &p, &plen, &d, &dlen));
            FUZZ_CHECK(plen + dlen <= MAX_REPLY);
            if (plen > 0)
                FUZZ_CHECK(p[0] == p[0] && p[plen - 1] == p[plen - 1]);
            if (dlen > 0)
                FUZZ_CHECK(d[0] == d[0] && d[dlen - 1] == d[dlen - 1]);
        }
        if (st == MS_SMB_CLIENT_READY && transactions < MAX_TRANSACTIONS) {
            transactions++;
            /* A hostile server may have negotiated a buffer too small for the request:
             * then (and only then) the session fails, as the header says. */
            if (!ms_smb_client_transact(c, rap, sizeof rap, 8, 0xFFE0, out)) {
                FUZZ_CHECK(ms_smb_client_error(c) == MS_SMB_CLIENT_E_INVALID);
                FUZZ_CHECK(ms_smb_client_state(c) == MS_SMB_CLIENT_FAILED);
                break;
            }
        }
        if (out->len > 1u << 16)
            g_byte_array_set_size(out, 0); /* what was "sent" is not kept */
    }
    return 0;
}
