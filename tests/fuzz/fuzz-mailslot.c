/* Fuzzes the mailslot-write parser (the SMB inside a datagram). What parses must rebuild,
 * in our canonical form, into a write that parses to the same name and data. */
#include <libmailslot/ms-mailslot.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    MsMailslotWrite m;
    if (ms_mailslot_parse(data, size, &m) != MS_OK)
        return 0;
    FUZZ_CHECK(m.data_len > 0 && m.data + m.data_len <= data + size);
    g_autofree char *name = g_strndup(m.name, m.name_len);
    guint8 buf[70000];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    if (ms_mailslot_build(&w, name, m.priority, m.data, m.data_len) != MS_OK)
        return 0; /* names with bytes we would never send, or too long to rebuild */
    MsMailslotWrite again;
    FUZZ_CHECK(ms_mailslot_parse(buf, w.len, &again) == MS_OK);
    FUZZ_CHECK(again.data_len == m.data_len && memcmp(again.data, m.data, m.data_len) == 0);
    FUZZ_CHECK(ms_mailslot_name_is(&again, name));
    return 0;
}
