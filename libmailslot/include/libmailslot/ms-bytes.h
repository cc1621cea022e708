/* Bounds-checked byte cursors for wire parsing and building.
 *
 * NetBIOS fields are big-endian, SMB/browser/RAP fields little-endian; every accessor names
 * its byte order so nothing is ever memcpy'd between a struct and the wire.
 *
 * MsReader: a read position over caller-owned bytes. Every get_* returns FALSE, and leaves
 * the position unchanged, when the bytes are not there.
 * MsWriter: an append position over a caller-owned buffer. A put_* that would overflow
 * sets `overflow` and writes nothing further, so an encoder checks once at the end. */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct {
    const guint8 *data;
    gsize len;
    gsize pos;
} MsReader;

typedef struct {
    guint8 *data;
    gsize cap;
    gsize len;
    gboolean overflow;
} MsWriter;

static inline MsReader
ms_reader_init(const guint8 *data, gsize len)
{
    MsReader r = {data, len, 0};
    return r;
}

static inline gsize
ms_reader_remaining(const MsReader *r)
{
    return r->len - r->pos;
}

static inline const guint8 *
ms_reader_peek(const MsReader *r)
{
    return r->data + r->pos;
}

static inline gboolean
ms_reader_skip(MsReader *r, gsize n)
{
    if (ms_reader_remaining(r) < n)
        return FALSE;
    r->pos += n;
    return TRUE;
}

static inline gboolean
ms_reader_get_u8(MsReader *r, guint8 *out)
{
    if (ms_reader_remaining(r) < 1)
        return FALSE;
    *out = r->data[r->pos++];
    return TRUE;
}

static inline gboolean
ms_reader_get_be16(MsReader *r, guint16 *out)
{
    if (ms_reader_remaining(r) < 2)
        return FALSE;
    const guint8 *p = r->data + r->pos;
    *out = (guint16)((p[0] << 8) | p[1]);
    r->pos += 2;
    return TRUE;
}

static inline gboolean
ms_reader_get_be32(MsReader *r, guint32 *out)
{
    if (ms_reader_remaining(r) < 4)
        return FALSE;
    const guint8 *p = r->data + r->pos;
    *out = ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
    r->pos += 4;
    return TRUE;
}

static inline gboolean
ms_reader_get_le16(MsReader *r, guint16 *out)
{
    if (ms_reader_remaining(r) < 2)
        return FALSE;
    const guint8 *p = r->data + r->pos;
    *out = (guint16)(p[0] | (p[1] << 8));
    r->pos += 2;
    return TRUE;
}

static inline gboolean
ms_reader_get_le32(MsReader *r, guint32 *out)
{
    if (ms_reader_remaining(r) < 4)
        return FALSE;
    const guint8 *p = r->data + r->pos;
    *out = p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
    r->pos += 4;
    return TRUE;
}

/* Points *out at the next n bytes (inside the reader's buffer) and advances past them. */
static inline gboolean
ms_reader_get_bytes(MsReader *r, gsize n, const guint8 **out)
{
    if (ms_reader_remaining(r) < n)
        return FALSE;
    *out = r->data + r->pos;
    r->pos += n;
    return TRUE;
}

static inline MsWriter
ms_writer_init(guint8 *data, gsize cap)
{
    MsWriter w = {data, cap, 0, FALSE};
    return w;
}

/* Reserves n bytes and returns where they start, or NULL (and sets overflow). */
static inline guint8 *
ms_writer_reserve(MsWriter *w, gsize n)
{
    if (w->overflow || w->cap - w->len < n) {
        w->overflow = TRUE;
        return NULL;
    }
    guint8 *p = w->data + w->len;
    w->len += n;
    return p;
}

static inline void
ms_writer_put_u8(MsWriter *w, guint8 v)
{
    guint8 *p = ms_writer_reserve(w, 1);
    if (p)
        p[0] = v;
}

static inline void
ms_writer_put_be16(MsWriter *w, guint16 v)
{
    guint8 *p = ms_writer_reserve(w, 2);
    if (p) {
        p[0] = (guint8)(v >> 8);
        p[1] = (guint8)v;
    }
}

static inline void
ms_writer_put_be32(MsWriter *w, guint32 v)
{
    guint8 *p = ms_writer_reserve(w, 4);
    if (p) {
        p[0] = (guint8)(v >> 24);
        p[1] = (guint8)(v >> 16);
        p[2] = (guint8)(v >> 8);
        p[3] = (guint8)v;
    }
}

static inline void
ms_writer_put_le16(MsWriter *w, guint16 v)
{
    guint8 *p = ms_writer_reserve(w, 2);
    if (p) {
        p[0] = (guint8)v;
        p[1] = (guint8)(v >> 8);
    }
}

static inline void
ms_writer_put_le32(MsWriter *w, guint32 v)
{
    guint8 *p = ms_writer_reserve(w, 4);
    if (p) {
        p[0] = (guint8)v;
        p[1] = (guint8)(v >> 8);
        p[2] = (guint8)(v >> 16);
        p[3] = (guint8)(v >> 24);
    }
}

static inline void
ms_writer_put_bytes(MsWriter *w, const void *src, gsize n)
{
    guint8 *p = ms_writer_reserve(w, n);
    if (p && n)
        memcpy(p, src, n);
}

static inline void
ms_writer_put_zeros(MsWriter *w, gsize n)
{
    guint8 *p = ms_writer_reserve(w, n);
    if (p && n)
        memset(p, 0, n);
}

/* Overwrites two bytes already written at offset `at` (for lengths known only at the end). */
static inline void
ms_writer_patch_be16(MsWriter *w, gsize at, guint16 v)
{
    if (!w->overflow && at + 2 <= w->len) {
        w->data[at] = (guint8)(v >> 8);
        w->data[at + 1] = (guint8)v;
    }
}

static inline void
ms_writer_patch_le16(MsWriter *w, gsize at, guint16 v)
{
    if (!w->overflow && at + 2 <= w->len) {
        w->data[at] = (guint8)v;
        w->data[at + 1] = (guint8)(v >> 8);
    }
}

G_END_DECLS
