package dev.mailwright.web.mailbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;

/** One line of the message list. \Deleted messages (Outlook's model) stay visible, struck through. */
record MessageRow(long uid, String from, String subject, String preview, String date, String isoDate, boolean seen,
                  boolean flagged, boolean answered, boolean deleted, boolean draft, boolean attachment, long size,
                  String threadKey) {

    /** Today's messages show the time, older ones the date, both as the reader's language writes them. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);

    /** The reader's language and the texts shown for a missing sender or subject in it. */
    record Texts(Locale locale, String unknownSender, String noSubject) {
    }

    static MessageRow of(MessageMeta meta, ZoneId zone, Instant now, Texts texts) {
        Instant when = meta.sentDate() != null ? meta.sentDate() : meta.internalDate();
        boolean today = when.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        String date = (today ? TIME : DAY).withLocale(texts.locale()).format(when.atZone(zone));
        return new MessageRow(meta.uid(), blankTo(meta.from(), texts.unknownSender()), blankTo(meta.subject(), texts.noSubject()),

                meta.preview() == null ? "" : meta.preview(), date, when.toString(), meta.flags().has(SystemFlag.SEEN),
                meta.flags().has(SystemFlag.FLAGGED), meta.flags().has(SystemFlag.ANSWERED),
                meta.flags().has(SystemFlag.DELETED), meta.flags().has(SystemFlag.DRAFT), meta.hasAttachments(), meta.size(),
                meta.threadKey() == null ? "" : meta.threadKey());
    }

    /** The size as people read it: 812 B, 14 KB, 2.3 MB. */
    public String sizeText() {
        if (size < 1024) {
            return size + " B";
        }
        if (size < 1024 * 1024) {
            return (size + 512) / 1024 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", size / (1024.0 * 1024.0));
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
