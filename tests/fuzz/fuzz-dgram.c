/* Fuzzes the datagram decoder and the mailslot parser behind it, as the daemon chains them.
 * A datagram that decodes must re-encode and decode to the same fields. */
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    MsDgram d;
    if (ms_dgram_decode(data, size, &d) != MS_OK)
        return 0;
    if (ms_dgram_type_carries_data(d.type)) {
        FUZZ_CHECK(d.data >= data && d.data + d.data_len <= data + size);
        MsMailslotWrite m;
        if (ms_mailslot_parse(d.data, d.data_len, &m) == MS_OK)
            FUZZ_CHECK(m.data >= d.data && m.data + m.data_len <= d.data + d.data_len);
    }
    guint8 buf[70000];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    FUZZ_CHECK(ms_dgram_encode(&d, &w) == MS_OK);
    MsDgram e;
    FUZZ_CHECK(ms_dgram_decode(buf, w.len, &e) == MS_OK);
    FUZZ_CHECK(e.type == d.type && e.flags == d.flags && e.id == d.id &&
               e.source_ip == d.source_ip && e.source_port == d.source_port);
    FUZZ_CHECK(e.data_len == d.data_len && (d.data_len == 0 || memcmp(e.data, d.data, d.data_len) == 0));
    return 0;
}
