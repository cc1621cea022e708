#include <libmailslot/ms-status.h>

const char *
ms_status_to_string(MsStatus status)
{
    switch (status) {
    case MS_OK:
        return "ok";
    case MS_ERR_TRUNCATED:
        return "truncated";
    case MS_ERR_BAD_LABEL:
        return "bad-label";
    case MS_ERR_BAD_POINTER:
        return "bad-pointer";
    case MS_ERR_POINTER_LOOP:
        return "pointer-loop";
    case MS_ERR_NAME_TOO_LONG:
        return "name-too-long";
    case MS_ERR_BAD_HEADER:
        return "bad-header";
    case MS_ERR_BAD_LENGTH:
        return "bad-length";
    case MS_ERR_UNSUPPORTED:
        return "unsupported";
    case MS_ERR_NO_SPACE:
        return "no-space";
    case MS_ERR_INVALID_ARG:
        return "invalid-arg";
    case MS_STATUS_COUNT:
        break;
    }
    return "unknown";
}
