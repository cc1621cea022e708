/* Fuzzes the reassembler with a stream of datagrams. The input is a sequence of records:
 * one byte of time step (in 100 ms), two bytes of length, then that many bytes of datagram.
 * Whatever arrives, the limits must hold. */
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-reasm.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    MsReasmLimits limits = {.max_pending = 4, .max_bytes = 2048, .max_datagram = 1024,
                            .timeout_us = 2 * G_USEC_PER_SEC};
    g_autoptr(MsReassembler) r = ms_reassembler_new(&limits);
    MsReader in = ms_reader_init(data, size);
    gint64 now = 0;
    guint8 step;
    guint16 len;
    const guint8 *chunk;

    while (ms_reader_get_u8(&in, &step) && ms_reader_get_be16(&in, &len)) {
        len = (guint16)MIN((gsize)len, ms_reader_remaining(&in));
        ms_reader_get_bytes(&in, len, &chunk);
        now += (gint64)step * 100000;
        MsDgram d, whole;
        if (ms_dgram_decode(chunk, len, &d) != MS_OK || !ms_dgram_type_carries_data(d.type))
            continue;
        MsReasmResult res = ms_reassembler_push(r, &d, now, &whole);
        if (res == MS_REASM_COMPLETE && !ms_dgram_is_whole(&d))
            FUZZ_CHECK(whole.data_len <= limits.max_datagram);
        FUZZ_CHECK(ms_reassembler_pending(r) <= limits.max_pending);
        gint64 deadline = ms_reassembler_next_deadline(r);
        FUZZ_CHECK(deadline == G_MAXINT64 || deadline > now);
    }
    return 0;
}
