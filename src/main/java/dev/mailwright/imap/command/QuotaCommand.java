package dev.mailwright.imap.command;

import java.util.List;

/** RFC 9208 QUOTA: valid once authenticated. Each account has one quota root, named {@code ""}. */
public sealed interface QuotaCommand extends ImapCommand {

    record GetQuota(String tag, String root) implements QuotaCommand {
    }

    record GetQuotaRoot(String tag, String mailbox) implements QuotaCommand {
    }

    /** {@code limits}: resource name (upper case) and its limit; an empty list removes every limit. */
    record SetQuota(String tag, String root, List<ResourceLimit> limits) implements QuotaCommand {
    }

    record ResourceLimit(String resource, long limit) {
    }
}
