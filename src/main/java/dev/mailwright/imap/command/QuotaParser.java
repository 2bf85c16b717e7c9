package dev.mailwright.imap.command;

import java.util.ArrayList;
import java.util.List;

import dev.mailwright.imap.command.QuotaCommand.ResourceLimit;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208 §4.1, grammar in §7). */
final class QuotaParser {
    private QuotaParser() {
    }

    static QuotaCommand parse(String tag, String name, CommandReader r, NameEncoding names) {
        return switch (name) {
            case "GETQUOTA" -> {
                r.sp();
                yield new QuotaCommand.GetQuota(tag, r.astring());
            }
            case "GETQUOTAROOT" -> new QuotaCommand.GetQuotaRoot(tag, ImapParser.spMailbox(r, names));
            case "SETQUOTA" -> setQuota(tag, r);
            default -> throw r.error("Unknown command " + name);
        };
    }

    private static QuotaCommand setQuota(String tag, CommandReader r) {
        r.sp();
        String root = r.astring();
        r.sp();
        r.expect('(');
        List<ResourceLimit> limits = new ArrayList<>();
        while (!r.tryChar(')')) {
            if (!limits.isEmpty()) {
                r.sp();
            }
            String resource = r.keyword();
            r.sp();
            limits.add(new ResourceLimit(resource, r.number()));
        }
        return new QuotaCommand.SetQuota(tag, root, List.copyOf(limits));
    }
}
