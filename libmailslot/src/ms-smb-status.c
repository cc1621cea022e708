/* The status values we send, in both styles: [MS-CIFS] §2.2.2.4 (SMB error classes and
 * codes with their NTSTATUS mappings), [MS-ERREF] §2.3.1. The STATUS_SMB_* values are the
 * DOS pair itself (code << 16 | class), which is how the table below can be checked. */
#include <libmailslot/ms-smb.h>

#define ERRDOS 0x01
#define ERRSRV 0x02
#define DOS(klass, code) ((guint32)(klass) | ((guint32)(code) << 16))

static const struct {
    guint32 nt;
    guint32 dos;
    const char *name;
} ERRORS[MS_SMB_ERROR_COUNT] = {
    [MS_SMB_SUCCESS] = {0x00000000, 0, "success"},
    [MS_SMB_E_BAD_COMMAND] = {0x00160002, DOS(ERRSRV, 22), "bad-command"},
    [MS_SMB_E_INVALID_PARAMETER] = {0xC000000D, DOS(ERRDOS, 87), "invalid-parameter"},
    [MS_SMB_E_BAD_UID] = {0x005B0002, DOS(ERRSRV, 91), "bad-uid"},
    [MS_SMB_E_BAD_TID] = {0x00050002, DOS(ERRSRV, 5), "bad-tid"},
    [MS_SMB_E_BAD_NETWORK_NAME] = {0xC00000CC, DOS(ERRSRV, 6), "bad-network-name"},
    [MS_SMB_E_BAD_DEVICE_TYPE] = {0xC00000CB, DOS(ERRSRV, 7), "bad-device-type"},
    [MS_SMB_E_OBJECT_NAME_NOT_FOUND] = {0xC0000034, DOS(ERRDOS, 2), "object-name-not-found"},
    [MS_SMB_E_NOT_SUPPORTED] = {0xC00000BB, DOS(ERRDOS, 50), "not-supported"},
    [MS_SMB_E_INSUFF_RESOURCES] = {0xC0000205, DOS(ERRDOS, 8), "insufficient-resources"},
};

guint32
ms_smb_error_ntstatus(MsSmbError e)
{
    return e < MS_SMB_ERROR_COUNT ? ERRORS[e].nt : ERRORS[MS_SMB_E_INVALID_PARAMETER].nt;
}

guint32
ms_smb_error_dos(MsSmbError e)
{
    return e < MS_SMB_ERROR_COUNT ? ERRORS[e].dos : ERRORS[MS_SMB_E_INVALID_PARAMETER].dos;
}

guint32
ms_smb_error_status(MsSmbError e, gboolean nt_status)
{
    return nt_status ? ms_smb_error_ntstatus(e) : ms_smb_error_dos(e);
}

MsSmbError
ms_smb_error_from_status(guint32 status, gboolean nt_status)
{
    for (guint i = 0; i < MS_SMB_ERROR_COUNT; i++) {
        if ((nt_status ? ERRORS[i].nt : ERRORS[i].dos) == status)
            return (MsSmbError)i;
    }
    return MS_SMB_ERROR_COUNT;
}

const char *
ms_smb_error_to_string(MsSmbError e)
{
    return e < MS_SMB_ERROR_COUNT ? ERRORS[e].name : "unknown";
}
