package dev.mailwright.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * The rows of the messages whose bytes a FETCH of a few messages read lately, by mailbox and UID: a client opening a
 * message fetches its structure, then its parts one FETCH at a time, and opens it again later; each of those after
 * the first needs no statement (issue 17: on PostgreSQL a body FETCH was one round trip to the database for a row that
 * had not changed). Only what a placed message never changes is served from here: its bytes' hash, size, structure,
 * envelope and dates ({@link MailStore#forEachContentMeta}); flags and modseq do change and are read from the
 * database. A UID names one message of a mailbox for good: UIDs only grow (a rolled-back append frees its UID again,
 * but only committed rows are kept here), and mailbox ids are never reused. An expunged message is forgotten when its
 * event arrives, from this node or another. Bounded by {@code mailwright.opened-messages.max-messages} rows and by
 * {@link #CHARS_PER_ROW} characters of their text per row on average (a message with thousands of parts has a
 * structure of hundreds of kB: such rows take the room of many), least recently used first out.
 */
@Component
class OpenedMessages {
    private record Key(long mailbox, long uid) {
    }

    /** The text a row may take on average: a plain message's envelope, structure and preview need well under 2 KB. */
    static final long CHARS_PER_ROW = 4096;

    private final int maxMessages;
    private final long maxChars;
    private final Map<Key, MessageMeta> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long chars;

    @Autowired
    OpenedMessages(MailwrightProperties properties) {
        this(properties.openedMessages().maxMessages());
    }

    OpenedMessages(int maxMessages) {
        this.maxMessages = maxMessages;
        this.maxChars = maxMessages * CHARS_PER_ROW;
    }

    /** A row just read from the database (committed), with whatever flags it had then. */
    synchronized void keep(long mailboxId, MessageMeta meta) {
        long size = charsOf(meta);
        if (maxMessages == 0 || size > maxChars) {
            return;
        }
        MessageMeta before = kept.put(new Key(mailboxId, meta.uid()), meta);
        chars += size - (before == null ? 0 : charsOf(before));
        Iterator<MessageMeta> oldest = kept.values().iterator();
        while ((kept.size() > maxMessages || chars > maxChars) && oldest.hasNext()) {
            chars -= charsOf(oldest.next());
            oldest.remove();
        }
    }

    /** The row's text, which is most of its heap (Latin-1 strings: a byte a character). */
    static long charsOf(MessageMeta meta) {
        return length(meta.envelope()) + length(meta.bodyStructure()) + length(meta.body()) + length(meta.partTree())
                + length(meta.subject()) + length(meta.from()) + length(meta.preview()) + length(meta.messageId())
                + length(meta.threadKey()) + length(meta.blobHash());
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }

    /**
     * The rows of every UID of {@code uids} in UID order, or empty when one of them is not kept or the set names more
     * than {@code most} UIDs (a range up to {@code *} is not walked).
     */
    synchronized Optional<List<MessageMeta>> all(long mailboxId, UidSet uids, int most) {
        if (!uids.atMost(most)) {
            return Optional.empty();
        }
        List<MessageMeta> rows = new ArrayList<>();
        for (UidRange range : uids.ranges()) {
            for (long uid = range.first(); uid <= range.last(); uid++) {
                MessageMeta meta = kept.get(new Key(mailboxId, uid));
                if (meta == null) {
                    return Optional.empty();
                }
                rows.add(meta);
            }
        }
        return Optional.of(rows);
    }

    /** Published after the commit, by this node or (through {@link ClusterEvents}) another one. */
    @EventListener
    public void onExpunged(MailboxEvent.MessagesExpunged event) {
        synchronized (this) {
            for (long uid : event.uids()) {
                MessageMeta gone = kept.remove(new Key(event.mailbox().value(), uid));
                if (gone != null) {
                    chars -= charsOf(gone);
                }
            }
        }
    }

    synchronized int size() {
        return kept.size();
    }

    synchronized long chars() {
        return chars;
    }
}
