/* What the BROWSE and LANMAN codecs share beyond the wire helpers. Private. */
#pragma once

#include <browse-proto/brw-frame.h>

#include <string.h>

/* DomainAnnouncement reuses the announcement layout ([MS-BRWS] 2.2.7 vs 2.2.1): MachineGroup
 * sits where ServerName is, BrowserConfigVersion where OSVersion is. These map the fixed
 * fields (not the trailing strings) between the two structs so one reader and one writer
 * serve all three announcements. */
static inline void
brw_domain_from_announcement(BrwDomainAnnouncement *d, const BrwAnnouncement *a)
{
    d->update_count = a->update_count;
    d->periodicity_ms = a->periodicity_ms;
    memcpy(d->machine_group, a->server_name, BRW_NAME_SIZE);
    d->config_version_major = a->os_major;
    d->config_version_minor = a->os_minor;
    d->server_type = a->server_type;
    d->version_major = a->version_major;
    d->version_minor = a->version_minor;
    d->signature = a->signature;
}

static inline void
brw_domain_to_announcement(BrwAnnouncement *a, const BrwDomainAnnouncement *d)
{
    a->update_count = d->update_count;
    a->periodicity_ms = d->periodicity_ms;
    memcpy(a->server_name, d->machine_group, BRW_NAME_SIZE);
    a->os_major = d->config_version_major;
    a->os_minor = d->config_version_minor;
    a->server_type = d->server_type;
    a->version_major = d->version_major;
    a->version_minor = d->version_minor;
    a->signature = d->signature;
    a->comment[0] = '\0';
}
