package dev.mailwright.web.search;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.mailwright.store.MailStore.SearchHit;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.web.Folders;

/** One search result: the message and the folder it is in. */
record Result(long mailboxId, String folderLabel, String folderKind, long uid, String from, String subject, String preview,
              String date, String isoDate, boolean seen) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    static Result of(SearchHit hit, Folders.Folder folder, ZoneId zone, Instant now) {
        MessageMeta meta = hit.meta();
        Instant when = meta.sentDate() != null ? meta.sentDate() : meta.internalDate();
        boolean today = when.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return new Result(hit.mailbox().value(), folder == null ? hit.mailboxName() : folder.label(),
                folder == null ? "folder" : folder.kind(), meta.uid(),
                blankTo(meta.from(), "(unknown sender)"), blankTo(meta.subject(), "(no subject)"),
                meta.preview() == null ? "" : meta.preview(), (today ? TIME : DAY).format(when.atZone(zone)), when.toString(),
                meta.flags().has(SystemFlag.SEEN));
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
