package dev.mailwright.store;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongFunction;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * SELECT's pass over a large mailbox ({@link MailStore.Selection}: every UID, the first unseen, the keywords), kept with
 * the mailbox row's counters it was read at. Every change to a mailbox's placements moves one of them in the same
 * transaction (an append moves uid_next, an expunge message_count and highest_modseq, a flag or keyword change
 * highest_modseq; {@link MailboxRows#advance}), and a recreated mailbox has a new uidvalidity, so a pass whose counters
 * still match the row is the mailbox as it is now, whichever node changed it. The counters are read before the pass:
 * a change committed in between makes the pass newer than its counters, which only costs a miss. On a 100,000-message
 * mailbox the pass reads 100,000 rows (issue 17: the first SELECT after a start; the start-up warm-up fills this).
 * Bounded by {@code mailwright.selection-cache.*}: mailboxes under {@code min-messages} are read every time, at most
 * {@code max-uids} UIDs are kept in all, least recently used mailbox first out.
 */
@Component
class SelectionCache {

    record Stamp(long uidValidity, long uidNext, long messages, long highestModseq) {
    }

    private record Entry(Stamp stamp, MailStore.Selection selection) {
    }

    private final JdbcClient jdbc;
    private final int minMessages;
    private final long maxUids;
    private final Map<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long uids;

    @Autowired
    SelectionCache(JdbcClient jdbc, MailwrightProperties properties) {
        this(jdbc, properties.selectionCache());
    }

    SelectionCache(JdbcClient jdbc, MailwrightProperties.SelectionCache settings) {
        this.jdbc = jdbc;
        this.minMessages = settings.minMessages();
        this.maxUids = settings.maxUids();
    }

    /** The mailbox's pass, from here when its counters have not moved, else from {@code read} (and kept if large). */
    MailStore.Selection selection(long mailboxId, LongFunction<MailStore.Selection> read) {
        Optional<Stamp> now = jdbc.sql("SELECT uidvalidity, uid_next, message_count, highest_modseq FROM mailbox WHERE id = ?")
                .param(mailboxId)
                .query((rs, n) -> new Stamp(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).optional();
        if (now.isEmpty()) {
            forget(mailboxId);
            return read.apply(mailboxId);
        }
        Optional<MailStore.Selection> kept = kept(mailboxId, now.get());
        if (kept.isPresent()) {
            return kept.get();
        }
        MailStore.Selection fresh = read.apply(mailboxId);
        keep(mailboxId, now.get(), fresh);
        return fresh;
    }

    private synchronized Optional<MailStore.Selection> kept(long mailboxId, Stamp now) {
        Entry entry = entries.get(mailboxId);
        return entry != null && entry.stamp().equals(now) ? Optional.of(entry.selection()) : Optional.empty();
    }

    private synchronized void keep(long mailboxId, Stamp stamp, MailStore.Selection selection) {
        forget(mailboxId);
        if (selection.uids().length < minMessages || selection.uids().length > maxUids) {
            return;
        }
        entries.put(mailboxId, new Entry(stamp, new MailStore.Selection(selection.uids(), selection.firstUnseenUid(),
                Collections.unmodifiableSet(new TreeSet<>(selection.keywords())))));
        uids += selection.uids().length;
        for (Iterator<Entry> eldest = entries.values().iterator(); uids > maxUids && eldest.hasNext(); ) {
            uids -= eldest.next().selection().uids().length;
            eldest.remove();
        }
    }

    private synchronized void forget(long mailboxId) {
        Entry gone = entries.remove(mailboxId);
        if (gone != null) {
            uids -= gone.selection().uids().length;
        }
    }

    /** Mailboxes kept now (tests). */
    synchronized int size() {
        return entries.size();
    }
}
