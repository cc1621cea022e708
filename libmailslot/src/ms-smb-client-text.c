/* The SMB1 client's states and errors in words, for browsectl's messages and the daemon's
 * log. */
#include "ms-smb-client-private.h"

const char *
ms_smb_client_state_to_string(MsSmbClientState state)
{
    switch (state) {
    case MS_SMB_CLIENT_SESSION:
        return "NetBIOS session request";
    case MS_SMB_CLIENT_NEGOTIATE:
        return "SMB NEGOTIATE";
    case MS_SMB_CLIENT_LOGON:
        return "SMB SESSION_SETUP_ANDX";
    case MS_SMB_CLIENT_CONNECT:
        return "SMB TREE_CONNECT_ANDX to IPC$";
    case MS_SMB_CLIENT_READY:
        return "idle session";
    case MS_SMB_CLIENT_TRANSACTION:
        return "\\PIPE\\LANMAN transaction";
    case MS_SMB_CLIENT_FAILED:
        return "failed session";
    }
    return "?";
}

const char *
ms_smb_client_error_to_string(MsSmbClientError error)
{
    switch (error) {
    case MS_SMB_CLIENT_OK:
        return "ok";
    case MS_SMB_CLIENT_E_FRAMING:
        return "framing";
    case MS_SMB_CLIENT_E_REFUSED:
        return "refused";
    case MS_SMB_CLIENT_E_BAD_SESSION:
        return "bad-session-packet";
    case MS_SMB_CLIENT_E_MALFORMED:
        return "malformed";
    case MS_SMB_CLIENT_E_UNEXPECTED:
        return "unexpected";
    case MS_SMB_CLIENT_E_STATUS:
        return "error-status";
    case MS_SMB_CLIENT_E_NO_DIALECT:
        return "no-dialect";
    case MS_SMB_CLIENT_E_TOO_LARGE:
        return "too-large";
    case MS_SMB_CLIENT_E_INVALID:
        return "invalid-use";
    }
    return "?";
}

static const char *
nbss_refusal(guint32 code)
{
    switch (code) {
    case MS_NBSS_ERR_NOT_LISTENING_ON_CALLED:
        return "not listening on the called name";
    case MS_NBSS_ERR_NOT_LISTENING_FOR_CALLING:
        return "not listening for the calling name";
    case MS_NBSS_ERR_CALLED_NOT_PRESENT:
        return "called name not present";
    case MS_NBSS_ERR_INSUFFICIENT_RESOURCES:
        return "insufficient resources";
    default:
        return "unspecified error";
    }
}

char *
ms_smb_client_describe_error(const MsSmbClient *c)
{
    const char *step = ms_smb_client_state_to_string(c->failed_in);
    guint32 d = c->error_detail;
    switch (c->error) {
    case MS_SMB_CLIENT_OK:
        return g_strdup("no error");
    case MS_SMB_CLIENT_E_FRAMING:
        return g_strdup_printf("the server's byte stream broke during the %s (%s)", step,
                               ms_framer_error_to_string((MsFramerError)d));
    case MS_SMB_CLIENT_E_REFUSED:
        return g_strdup_printf("the server refused the NetBIOS session (code 0x%02x: %s)", d,
                               nbss_refusal(d));
    case MS_SMB_CLIENT_E_BAD_SESSION:
        return g_strdup_printf("unexpected NetBIOS session packet type 0x%02x during the %s", d,
                               step);
    case MS_SMB_CLIENT_E_MALFORMED:
        return g_strdup_printf("malformed reply to the %s (%s)", step,
                               ms_status_to_string((MsStatus)d));
    case MS_SMB_CLIENT_E_UNEXPECTED:
        return g_strdup_printf("unexpected message (command 0x%02x) during the %s", d, step);
    case MS_SMB_CLIENT_E_STATUS:
        return g_strdup_printf("the %s failed with status 0x%08x", step, d);
    case MS_SMB_CLIENT_E_NO_DIALECT:
        return g_strdup("the server accepts none of our SMB1 dialects (NT LM 0.12, LANMAN2.1, "
                        "LM1.2X002, LANMAN1.0): SMB1 may be disabled on it");
    case MS_SMB_CLIENT_E_TOO_LARGE:
        return g_strdup_printf("the reply to the %s is larger than we accept", step);
    case MS_SMB_CLIENT_E_INVALID:
        return g_strdup_printf("request out of turn or too large for the %s", step);
    }
    return g_strdup("?");
}
