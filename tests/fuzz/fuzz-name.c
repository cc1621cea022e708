/* Fuzzes NetBIOS name decoding, label pointers included: any name that decodes must encode
 * and decode back to an equal name. */
#include <libmailslot/ms-name.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    /* Try every start offset that a header could precede, so pointers point backwards. */
    for (gsize start = 0; start < MIN(size, (gsize)16); start++) {
        gsize pos = start;
        MsName name;
        if (ms_name_read(data, size, &pos, TRUE, &name, NULL) != MS_OK)
            continue;
        FUZZ_CHECK(pos > start && pos <= size);
        guint8 buf[MS_NAME_ENCODED_MAX];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        ms_name_write(&w, &name);
        FUZZ_CHECK(!w.overflow && w.len == ms_name_encoded_len(&name));
        gsize again_pos = 0;
        MsName again;
        FUZZ_CHECK(ms_name_read(buf, w.len, &again_pos, FALSE, &again, NULL) == MS_OK);
        FUZZ_CHECK(again_pos == w.len && ms_name_equal(&name, &again));
        char text[MS_NAME_STRING_MAX];
        ms_name_to_string(&name, text, sizeof text);
    }
    return 0;
}
