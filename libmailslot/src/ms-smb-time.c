/* The times SMB carries: FILETIME ([MS-DTYP] §2.3.3, NT LM 0.12's SystemTime) and the DOS
 * date and time of the LAN Manager dialects ([MS-CIFS] §2.2.1.4.1). Conversions only: the
 * time itself is the caller's (the rule of the core: no clock here). */
#include <libmailslot/ms-smb-commands.h>

/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define FILETIME_UNIX_EPOCH G_GUINT64_CONSTANT(116444736000000000)

guint64
ms_smb_filetime_from_unix_us(gint64 unix_us)
{
    const gint64 epoch_us = (gint64)(FILETIME_UNIX_EPOCH / 10);
    /* Clamped to what a FILETIME holds (it is signed 64-bit in Windows), never overflowing. */
    if (unix_us <= -epoch_us)
        return 0;
    if (unix_us > G_MAXINT64 / 10 - epoch_us)
        return (guint64)G_MAXINT64 / 10 * 10;
    return (guint64)(unix_us + epoch_us) * 10;
}

void
ms_smb_dos_datetime_from_unix_us(gint64 unix_us, guint16 *dos_time, guint16 *dos_date)
{
    /* DOS dates start in 1980 and end in 2107 ([MS-CIFS] §2.2.1.4.1); clamp outside. */
    gint64 secs = unix_us / G_USEC_PER_SEC;
    const gint64 dos_epoch = 315532800;  /* 1980-01-01 */
    const gint64 dos_end = 4354819199;   /* 2107-12-31 23:59:59 */
    secs = CLAMP(secs, dos_epoch, dos_end);
    gint64 days = secs / 86400, rem = secs % 86400;
    /* Civil date from days since 1970 (the proleptic Gregorian calendar). */
    gint64 z = days + 719468;
    gint64 era = z / 146097;
    gint64 doe = z - era * 146097;
    gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    gint64 mp = (5 * doy + 2) / 153;
    gint64 day = doy - (153 * mp + 2) / 5 + 1;
    gint64 month = mp < 10 ? mp + 3 : mp - 9;
    gint64 year = yoe + era * 400 + (month <= 2);
    *dos_date = (guint16)(((year - 1980) << 9) | (month << 5) | day);
    *dos_time = (guint16)(((rem / 3600) << 11) | (((rem / 60) % 60) << 5) | ((rem % 60) / 2));
}
