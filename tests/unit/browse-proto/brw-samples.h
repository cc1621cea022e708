/* One frame of every kind and layout, as hex, for the browse-proto suites. */
#pragma once

#include <browse-proto/brw-frame.h>

typedef struct {
    const char *name;
    BrwLayout layout;
    BrwFrameKind kind;
    const char *hex;
    /* The shortest prefix that decodes: the fixed fields and at least one byte of every
     * required name. Every shorter prefix gives MS_ERR_TRUNCATED, every longer one MS_OK. */
    gsize min_len;
} BrwSample;

extern const BrwSample brw_samples[];
extern const gsize brw_sample_count;
