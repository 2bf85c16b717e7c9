package dev.mailwright.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mailwright.store.MailStore;

/**
 * The octet count LIST, STAT and RETR's {@code +OK} give for a message: what RETR sends ({@link DotStuffedCopy#octets}),
 * counted from the stored bytes at read time. Every door now stores CRLF line ends (SMTP DATA, and IMAP APPEND since
 * ordinary literals are normalised), so for those messages this equals the stored size, RFC822.SIZE; a message
 * stored earlier with bare LF keeps its bytes and its RFC822.SIZE (IMAP may not change either), and POP3 reports
 * what it really sends. Blobs are content-addressed and never change, so a count is remembered per blob hash (at
 * most {@code mailwright.pop3-limits.octet-count-cache-entries}, least recently used dropped): a maildrop's blobs are
 * read once per node, not at every login.
 */
final class MessageOctets {
    private final Map<String, Long> counts;

    MessageOctets(int maxEntries) {
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The octets RETR sends for the blob; {@code storedSize} when its bytes cannot be read now (RETR refuses it then). */
    long of(MailStore store, String blobHash, long storedSize) {
        synchronized (counts) {
            Long known = counts.get(blobHash);
            if (known != null) {
                return known;
            }
        }
        if (!store.hasMessageBytes(blobHash)) {
            return storedSize;
        }
        long counted;
        try (InputStream in = store.openMessage(blobHash)) {
            counted = DotStuffedCopy.octets(in);
        } catch (IOException e) {
            return storedSize;
        }
        synchronized (counts) {
            counts.put(blobHash, counted);
        }
        return counted;
    }
}
