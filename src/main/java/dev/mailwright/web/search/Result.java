package dev.mailwright.web.search;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import dev.mailwright.store.MailStore.SearchHit;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.web.Folders;

/** One search result: the message and the folder it is in. */
record Result(long mailboxId, String folderLabel, String folderKind, long uid, String from, String subject, String preview,
              String date, String isoDate, boolean seen) {
    /** Today's messages show the time, older ones the date, both as the reader's language writes them. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);

    /** The reader's language and the texts shown for a missing sender or subject in it. */
    record Texts(Locale locale, String unknownSender, String noSubject) {
    }

    static Result of(SearchHit hit, Folders.Folder folder, ZoneId zone, Instant now, Texts texts) {
        MessageMeta meta = hit.meta();
        Instant when = meta.sentDate() != null ? meta.sentDate() : meta.internalDate();
        boolean today = when.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return new Result(hit.mailbox().value(), folder == null ? hit.mailboxName() : folder.label(),
                folder == null ? "folder" : folder.kind(), meta.uid(),
                blankTo(meta.from(), texts.unknownSender()), blankTo(meta.subject(), texts.noSubject()),
                meta.preview() == null ? "" : meta.preview(), (today ? TIME : DAY).withLocale(texts.locale()).format(when.atZone(zone)), when.toString(),
                meta.flags().has(SystemFlag.SEEN));
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
