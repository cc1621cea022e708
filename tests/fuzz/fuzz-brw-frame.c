/* Fuzzes the browser frame decoders, both layouts on every input. A frame that decodes must
 * hold NUL-terminated strings and bounded counts, must encode, and must decode again to the
 * same fields (comments cut to the 42 characters a sender may send); encoding that second
 * frame must give the very same bytes (the encoder's output is a fixed point). */
#include <browse-proto/brw-frame.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

typedef MsStatus (*DecodeFn)(const guint8 *data, gsize len, BrwFrame *out);

static gboolean
terminated(const char *s, gsize size)
{
    return memchr(s, '\0', size) != NULL;
}

static void
check_strings(const BrwFrame *f)
{
    FUZZ_CHECK(f->extra_len <= BRW_EXTRA_MAX);
    switch (f->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        FUZZ_CHECK(terminated(f->announcement.server_name, BRW_NAME_SIZE));
        FUZZ_CHECK(terminated(f->announcement.comment, BRW_COMMENT_SIZE));
        break;
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        FUZZ_CHECK(terminated(f->request.response_name, BRW_NAME_SIZE));
        break;
    case BRW_FRAME_REQUEST_ELECTION:
        FUZZ_CHECK(terminated(f->election.server_name, BRW_NAME_SIZE));
        break;
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
        FUZZ_CHECK(f->backup_response.count <= BRW_BACKUP_LIST_MAX);
        for (guint i = 0; i < f->backup_response.count; i++)
            FUZZ_CHECK(terminated(f->backup_response.names[i], BRW_NAME_SIZE));
        break;
    case BRW_FRAME_BECOME_BACKUP:
        FUZZ_CHECK(terminated(f->become_backup.browser_to_promote, BRW_NAME_SIZE));
        break;
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        FUZZ_CHECK(terminated(f->domain.machine_group, BRW_NAME_SIZE));
        FUZZ_CHECK(terminated(f->domain.master_name, BRW_NAME_SIZE));
        break;
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        FUZZ_CHECK(terminated(f->master.master_name, BRW_NAME_SIZE));
        break;
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
    case BRW_FRAME_RESET_STATE_REQUEST:
        break;
    }
}

static void
check_layout(const guint8 *data, size_t size, DecodeFn decode, BrwLayout layout)
{
    static BrwFrame first, expected, again;
    MsStatus st = decode(data, size, &first);
    FUZZ_CHECK(st == MS_OK || st == MS_ERR_TRUNCATED || st == MS_ERR_UNSUPPORTED);
    if (st != MS_OK)
        return;
    FUZZ_CHECK(first.layout == layout);
    FUZZ_CHECK(brw_frame_kind_is_valid((guint8)first.kind));
    check_strings(&first);

    static guint8 out1[4096], out2[4096];
    MsWriter w1 = ms_writer_init(out1, sizeof out1);
    FUZZ_CHECK(brw_frame_encode(&first, &w1) == MS_OK);

    FUZZ_CHECK(decode(out1, w1.len, &again) == MS_OK);
    expected = first;
    if (expected.kind == BRW_FRAME_HOST_ANNOUNCEMENT ||
        expected.kind == BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT)
        expected.announcement.comment[BRW_COMMENT_WIRE_MAX - 1] = '\0';
    FUZZ_CHECK(brw_frame_equal(&expected, &again));

    MsWriter w2 = ms_writer_init(out2, sizeof out2);
    FUZZ_CHECK(brw_frame_encode(&again, &w2) == MS_OK);
    FUZZ_CHECK(w1.len == w2.len && memcmp(out1, out2, w1.len) == 0);
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    check_layout(data, size, brw_frame_decode_browse, BRW_LAYOUT_BROWSE);
    check_layout(data, size, brw_frame_decode_lanman, BRW_LAYOUT_LANMAN);
    return 0;
}
