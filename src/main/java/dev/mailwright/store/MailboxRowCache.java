package dev.mailwright.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of one kind (SORT keys, THREAD links) of recently sorted mailboxes, kept in memory in UID order so that a
 * SORT or THREAD does not read 100,000 rows again. What a row holds never changes once the message is stored (the
 * keys are computed at ingest; a pre-V11 row's keys are computed on read exactly as the catch-up stores them), so a
 * cached row stays right for as long as its message is in the mailbox; only the set of UIDs changes.
 * <p>
 * Each entry is stamped with the mailbox row's {@code (uidvalidity, uid_next, message_count)}, which every append and
 * expunge changes under the mailbox's row lock. A call reads that row (one primary-key lookup): the same stamp means
 * the same messages. Otherwise the rows above the highest cached UID are read and added; if the count still differs
 * (expunges, or a race with a commit), the mailbox's UID list is read and the entry made to match it, reading the rows
 * it lacks. An entry is stamped only when its rows are known to be those the stamp counts; a race leaves it unstamped,
 * and the next call checks again. At most {@code maxRows} rows are kept over all mailboxes, the least recently used
 * mailbox going first; a mailbox larger than that is read from the database every time.
 */
final class MailboxRowCache<K> {
    /** Streams the mailbox's rows with a UID of at least {@code fromUid}, ascending. */
    interface Loader<K> {
        void load(long mailboxId, long fromUid, Consumer<K> sink);
    }

    private record Stamp(long uidValidity, long uidNext, long messages) {
    }

    private record Entry<K>(Stamp stamp, long[] uids, List<K> rows) {
        long maxUid() {
            return uids.length == 0 ? 0 : uids[uids.length - 1];
        }
    }

    private final JdbcClient jdbc;
    private final Loader<K> loader;
    private final ToLongFunction<K> uidOf;
    private final long maxRows;
    private final Map<Long, Entry<K>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedRows;

    MailboxRowCache(JdbcClient jdbc, Loader<K> loader, ToLongFunction<K> uidOf, long maxRows) {
        this.jdbc = jdbc;
        this.loader = loader;
        this.uidOf = uidOf;
        this.maxRows = maxRows;
    }

    /** The mailbox's rows in UID order; call inside a read transaction. */
    void forEach(long mailboxId, Consumer<K> sink) {
        Stamp now = stamp(mailboxId);
        if (now == null || now.messages() > maxRows) {
            loader.load(mailboxId, Long.MIN_VALUE, sink);
            return;
        }
        Entry<K> cached;
        synchronized (this) {
            cached = entries.get(mailboxId);
        }
        Entry<K> entry = cached != null && now.equals(cached.stamp()) ? cached : refresh(mailboxId, cached, now);
        if (entry != cached) {
            keep(mailboxId, entry);
        }
        entry.rows().forEach(sink);
    }

    /** Forgets every entry (tests). */
    synchronized void clear() {
        entries.clear();
        cachedRows = 0;
    }

    /** Mailboxes cached now (tests). */
    synchronized int size() {
        return entries.size();
    }

    private Stamp stamp(long mailboxId) {
        return jdbc.sql("SELECT uidvalidity, uid_next, message_count FROM mailbox WHERE id = ?").param(mailboxId)
                .query((rs, n) -> new Stamp(rs.getLong(1), rs.getLong(2), rs.getLong(3))).optional().orElse(null);
    }

    private Entry<K> refresh(long mailboxId, Entry<K> cached, Stamp now) {
        List<K> rows = new ArrayList<>(Math.toIntExact(Math.min(now.messages() + 16, Integer.MAX_VALUE - 8)));
        if (cached == null || cached.stamp() == null || cached.stamp().uidValidity() != now.uidValidity()) {
            loader.load(mailboxId, Long.MIN_VALUE, rows::add);
        } else {
            rows.addAll(cached.rows());
            loader.load(mailboxId, cached.maxUid() + 1, rows::add);
            if (rows.size() != now.messages()) {
                rows = reconcile(mailboxId, rows);
            }
        }
        long[] uids = new long[rows.size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = uidOf.applyAsLong(rows.get(i));
        }
        boolean exact = rows.size() == now.messages() && (uids.length == 0 || uids[uids.length - 1] < now.uidNext());
        return new Entry<>(exact ? now : null, uids, Collections.unmodifiableList(rows));
    }

    /** Makes {@code rows} (ascending) match the mailbox's UID list: drops the expunged, reads the missing. */
    private List<K> reconcile(long mailboxId, List<K> rows) {
        List<Long> present = jdbc.sql("SELECT mm.uid FROM mailbox_message mm WHERE mm.mailbox_id = ?" + MessageRows.IN_UID_ORDER)
                .param(mailboxId).query(Long.class).list();
        List<K> kept = new ArrayList<>(present.size());
        List<Long> missing = new ArrayList<>();
        int r = 0;
        for (long uid : present) {
            while (r < rows.size() && uidOf.applyAsLong(rows.get(r)) < uid) {
                r++;
            }
            if (r < rows.size() && uidOf.applyAsLong(rows.get(r)) == uid) {
                kept.add(rows.get(r++));
            } else {
                missing.add(uid);
            }
        }
        if (missing.isEmpty()) {
            return kept;
        }
        List<K> found = new ArrayList<>();
        java.util.Set<Long> wanted = new java.util.HashSet<>(missing);
        loader.load(mailboxId, missing.getFirst(), row -> {
            if (wanted.contains(uidOf.applyAsLong(row))) {
                found.add(row);
            }
        });
        List<K> merged = new ArrayList<>(kept.size() + found.size());
        int a = 0;
        int b = 0;
        while (a < kept.size() || b < found.size()) {
            if (b >= found.size() || a < kept.size()
                    && uidOf.applyAsLong(kept.get(a)) < uidOf.applyAsLong(found.get(b))) {
                merged.add(kept.get(a++));
            } else {
                merged.add(found.get(b++));
            }
        }
        return merged;
    }

    private synchronized void keep(long mailboxId, Entry<K> entry) {
        Entry<K> old = entries.remove(mailboxId);
        if (old != null) {
            cachedRows -= old.rows().size();
        }
        if (entry.rows().size() > maxRows) {
            return;
        }
        entries.put(mailboxId, entry);
        cachedRows += entry.rows().size();
        Iterator<Map.Entry<Long, Entry<K>>> eldest = entries.entrySet().iterator();
        while (cachedRows > maxRows && eldest.hasNext()) {
            Map.Entry<Long, Entry<K>> e = eldest.next();
            if (e.getKey() != mailboxId) {
                cachedRows -= e.getValue().rows().size();
                eldest.remove();
            }
        }
    }
}
