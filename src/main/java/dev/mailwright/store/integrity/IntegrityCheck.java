package dev.mailwright.store.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.MailwrightProperties.Integrity.BlobCheck;
import dev.mailwright.store.BlobStore;
import dev.mailwright.store.integrity.IntegrityReport.Finding;
import dev.mailwright.store.integrity.IntegrityReport.Kind;

/**
 * The store's integrity check, at start (see {@link IntegrityOnStart}) and on demand ({@code mailwright admin check}).
 * Set-based and one pass per table, so a store of 100,000 messages takes seconds (docs/BENCHMARKS.md):
 * <ol>
 * <li>{@code mailbox_message} read from the table itself (not an index): per mailbox count, unseen, bytes, highest UID
 *     and MODSEQ, and UIDs that occur twice;</li>
 * <li>each index of that table compared with the scan; a missing primary key;</li>
 * <li>every message's blob present ({@code blob-check EXISTS}) or re-hashed ({@code HASH});</li>
 * <li>the mailbox counters against the rows: {@code uid_next} above every UID in use or expunged,
 *     {@code highest_modseq} at least every MODSEQ, message/unseen/size counters equal to the rows.</li>
 * </ol>
 * Repairs, each logged in one line: rebuild the indexes; move the second row of a repeated UID and the rows of
 * messages whose bytes are missing or corrupt into the account's {@code lost+found}; recompute counters; and where
 * {@code uid_next}/{@code highest_modseq} were behind the rows, a new UIDVALIDITY (RFC 3501 §2.3.1.1: the UIDs past
 * the counter may have been handed out twice, so clients must forget what they cached) with the counters moved past
 * the rows. Nothing is deleted.
 */
@Component
public class IntegrityCheck {
    private static final Logger log = LoggerFactory.getLogger(IntegrityCheck.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate tx;
    /**
     * The blob pass reads every placement in one streaming query and asks the blob store about each blob meanwhile; a
     * blob kept in the database is read through the same connection when both run in this transaction. Without it the
     * store would take a second pooled connection per blob while the query holds one, and a pool shrunk to one
     * connection (H2 after a full disk, while Hikari replaces the closed ones) waited out its connection time-out for
     * every blob.
     */
    private final TransactionTemplate readOne;
    private final BlobStore blobs;
    private final MailwrightProperties.Integrity settings;
    private final AtomicReference<IntegrityReport> last = new AtomicReference<>();
    private volatile Dialect dialect;

    IntegrityCheck(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions, BlobStore blobs,
                   MailwrightProperties properties) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
        this.tx = new TransactionTemplate(transactions);
        this.readOne = new TransactionTemplate(transactions);
        this.readOne.setReadOnly(true);
        this.blobs = blobs;
        this.settings = properties.integrity();
    }

    /** The report of the last run in this process, if any (the admin status page shows it). */
    public Optional<IntegrityReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    /** Runs the check with the configured blob depth; repairs when {@code repair}. */
    public IntegrityReport run(boolean repair) {
        return run(repair, settings.blobCheck());
    }

    public synchronized IntegrityReport run(boolean repair, BlobCheck depth) {
        if (dialect == null) {
            dialect = Dialect.of(dataSource);
        }
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        Map<Long, Box> boxes = mailboxes();
        PlacementScan scan = scan();
        PlacementIndexes indexes = new PlacementIndexes(jdbc, streaming, dialect);
        LostAndFound lostAndFound = new LostAndFound(jdbc, dialect);

        boolean moved = structure(repair, boxes, scan, indexes, lostAndFound, findings);
        if (moved) {
            boxes = mailboxes();
        }
        long blobsChecked = blobs(repair, depth, boxes, lostAndFound, findings);
        // a repair above may have moved rows: the scan is no longer current then
        placementKeys(repair, findings.stream().anyMatch(Finding::repaired) ? null : scan, findings);
        if (repair && findings.stream().anyMatch(f -> f.repaired() && f.kind() != Kind.INDEX_MISMATCH)) {
            boxes = mailboxes();
            scan = scan();
        }
        counters(repair, boxes, scan, findings);

        IntegrityReport report = new IntegrityReport(started, Duration.ofNanos(System.nanoTime() - t0), repair,
                new IntegrityReport.Scanned(boxes.size(), scan.rows(), blobsChecked), List.copyOf(findings));
        last.set(report);
        return report;
    }

    /** A mailbox row with its owner's address. */
    record Box(long id, long accountId, String account, String name, long uidValidity, long uidNext, long highestModseq,
               long messages, long unseen, long size, long maxExpungedUid, long maxExpungedModseq) {
    }

    private Map<Long, Box> mailboxes() {
        Map<Long, long[]> expunged = new java.util.HashMap<>();
        streaming.query("SELECT mailbox_id, MAX(uid), MAX(modseq) FROM expunged GROUP BY mailbox_id",
                rs -> {
                    expunged.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                });
        Map<Long, Box> boxes = new LinkedHashMap<>();
        streaming.query("""
                SELECT b.id, b.account_id, a.address, b.name, b.uidvalidity, b.uid_next, b.highest_modseq,
                       b.message_count, b.unseen_count, b.size_bytes
                FROM mailbox b JOIN account a ON a.id = b.account_id ORDER BY b.id""", rs -> {
            long[] gone = expunged.getOrDefault(rs.getLong(1), new long[] {0, 0});
            boxes.put(rs.getLong(1), new Box(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), gone[0], gone[1]));
        });
        return boxes;
    }

    private PlacementScan scan() {
        return tx.execute(status -> {
            if (dialect == Dialect.POSTGRESQL) {
                streaming.execute("SET LOCAL enable_indexscan = off");
                streaming.execute("SET LOCAL enable_indexonlyscan = off");
                streaming.execute("SET LOCAL enable_bitmapscan = off");
            }
            return PlacementScan.read(streaming, dialect);
        });
    }

    /** Indexes, primary key and repeated UIDs. Returns whether rows were moved. */
    private boolean structure(boolean repair, Map<Long, Box> boxes, PlacementScan scan, PlacementIndexes indexes,
                              LostAndFound lostAndFound, List<Finding> findings) {
        boolean primaryKey = indexes.primaryKeyPresent();
        List<String> disagreeing = tx.execute(status -> indexes.disagreeing(scan));
        Map<Long, List<Long>> repeated = new TreeMap<>();
        scan.all().forEach((mailbox, totals) -> {
            List<Long> uids = totals.repeatedUids();
            if (!uids.isEmpty()) {
                repeated.put(mailbox, uids);
            }
        });
        if (disagreeing.isEmpty() && primaryKey && repeated.isEmpty()) {
            return false;
        }
        if (repair) {
            indexes.rebuild(() -> tx.executeWithoutResult(status -> repeated.forEach((mailbox, uids) -> {
                for (long uid : uids) {
                    moveRepeats(mailbox, uid, boxes.get(mailbox), lostAndFound);
                }
            })));
        }
        for (String index : disagreeing) {
            findings.add(log(new Finding(Kind.INDEX_MISMATCH, "", index, 1, repair, "rebuilt the indexes of mailbox_message")));
        }
        if (!primaryKey) {
            findings.add(log(new Finding(Kind.PRIMARY_KEY_MISSING, "", "mailbox_message", 1, repair, "re-created it")));
        }
        repeated.forEach((mailbox, uids) -> {
            Box box = boxes.get(mailbox);
            findings.add(log(new Finding(Kind.DUPLICATE_UID, box == null ? "" : box.account(), box == null ? "#" + mailbox : box.name(),
                    uids.size(), repair, "kept the first-written row per UID, moved the others to " + LostAndFound.NAME)));
        });
        return repair && !repeated.isEmpty();
    }

    /** The placements' key rows against the placements (after the moves above, which leave them behind). */
    private void placementKeys(boolean repair, PlacementScan current, List<Finding> findings) {
        PlacementKeyRows rows = new PlacementKeyRows(jdbc);
        long outOfStep = tx.execute(status -> rows.outOfStep(current == null ? null : current.all()));
        if (outOfStep == 0) {
            return;
        }
        if (repair) {
            tx.executeWithoutResult(status -> rows.repair());
        }
        findings.add(log(new Finding(Kind.PLACEMENT_KEYS_OUT_OF_STEP, "", "mailbox_message_keys", outOfStep, repair,
                "derived them again from the placements")));
    }

    private void moveRepeats(long mailbox, long uid, Box box, LostAndFound lostAndFound) {
        List<String> keys = jdbc.sql("SELECT " + dialect.rowKey() + " FROM mailbox_message" + dialect.tableScanHint()
                        + " WHERE mailbox_id = ? AND uid = ? ORDER BY " + dialect.rowKeyOrder())
                .params(mailbox, uid).query(String.class).list();
        long target = lostAndFound.mailboxOf(box.accountId());
        for (String key : keys.subList(1, keys.size())) {
            lostAndFound.move(mailbox, uid, Optional.of(key), target);
        }
    }

    /** Every message's blob (and every queued one). Returns how many distinct blobs were looked at. */
    private long blobs(boolean repair, BlobCheck depth, Map<Long, Box> boxes, LostAndFound lostAndFound, List<Finding> findings) {
        if (depth == BlobCheck.NONE) {
            return 0;
        }
        Map<String, Verdict> verdicts = new java.util.HashMap<>();
        Map<Long, long[]> unreadablePerMailbox = new TreeMap<>();     // mailbox -> {missing, corrupt}
        List<long[]> toMove = new ArrayList<>();                      // {mailbox, uid}
        readOne.executeWithoutResult(status -> streaming.query(
                "SELECT mm.mailbox_id, mm.uid, m.blob_hash FROM mailbox_message mm JOIN message m ON m.id = mm.message_id",
                rs -> {
                    Verdict verdict = verdicts.computeIfAbsent(rs.getString(3), h -> verdict(h, depth));
                    if (verdict != Verdict.READABLE) {
                        unreadablePerMailbox.computeIfAbsent(rs.getLong(1), id -> new long[2])[verdict == Verdict.MISSING ? 0 : 1]++;
                        toMove.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }));
        long queuedMissing = jdbc.sql("SELECT DISTINCT blob_hash FROM outbound_queue").query(String.class).list().stream()
                .filter(h -> verdicts.computeIfAbsent(h, x -> exists(x) ? Verdict.READABLE : Verdict.MISSING) == Verdict.MISSING)
                .count();
        boolean[] moveThem = {repair};
        unreadablePerMailbox.forEach((mailbox, counts) -> {
            Box box = boxes.get(mailbox);
            boolean inLostAndFound = box != null && box.name().equals(LostAndFound.NAME);
            String action = inLostAndFound ? "left in " + LostAndFound.NAME + " (restore the blob file to read them)"
                    : "moved to " + LostAndFound.NAME + " (restore the blob file to read them)";
            if (counts[0] > 0) {
                findings.add(log(new Finding(Kind.MISSING_BLOB, box == null ? "" : box.account(), box == null ? "#" + mailbox : box.name(),
                        counts[0], moveThem[0] && !inLostAndFound, action)));
            }
            if (counts[1] > 0) {
                findings.add(log(new Finding(Kind.CORRUPT_BLOB, box == null ? "" : box.account(), box == null ? "#" + mailbox : box.name(),
                        counts[1], moveThem[0] && !inLostAndFound, action)));
            }
        });
        if (repair) {
            tx.executeWithoutResult(status -> {
                for (long[] row : toMove) {
                    Box box = boxes.get(row[0]);
                    if (box != null && !box.name().equals(LostAndFound.NAME)) {
                        lostAndFound.move(row[0], row[1], Optional.empty(), lostAndFound.mailboxOf(box.accountId()));
                    }
                }
            });
        }
        if (queuedMissing > 0) {
            findings.add(log(new Finding(Kind.MISSING_QUEUED_BLOB, "", "outbound queue", queuedMissing, false,
                    "none automatic: delete the entries with `mailwright admin queue delete`")));
        }
        return verdicts.size();
    }

    private boolean exists(String hash) {
        try {
            return blobs.contains(hash);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    enum Verdict { READABLE, MISSING, CORRUPT }

    private Verdict verdict(String hash, BlobCheck depth) {
        if (depth != BlobCheck.HASH) {
            return exists(hash) ? Verdict.READABLE : Verdict.MISSING;
        }
        try (InputStream in = blobs.open(hash)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).equals(hash) ? Verdict.READABLE : Verdict.CORRUPT;
        } catch (java.nio.file.NoSuchFileException e) {
            return Verdict.MISSING;
        } catch (IOException e) {
            log.warn("Integrity: blob {} cannot be read: {}", hash, e.getCause() != null ? e.getCause().toString() : e.toString());
            return Verdict.CORRUPT;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * uid_next / highest_modseq behind the rows, and the three counters. The scan finds candidates; a repair reads the
     * mailbox again under its row lock (the lock every delivery takes), so a server running meanwhile (another node on
     * PostgreSQL) never has its counters overwritten with numbers that were already stale.
     */
    private void counters(boolean repair, Map<Long, Box> boxes, PlacementScan scan, List<Finding> findings) {
        for (Box box : boxes.values()) {
            PlacementScan.Totals rows = scan.of(box.id());
            long highestUid = Math.max(rows.maxUid, box.maxExpungedUid());
            long highestModseq = Math.max(rows.maxModseq, box.maxExpungedModseq());
            boolean behind = box.uidNext() <= highestUid || box.highestModseq() < highestModseq;
            boolean wrong = box.messages() != rows.count || box.unseen() != rows.unseen || box.size() != rows.size;
            if (!behind && !wrong) {
                continue;
            }
            if (repair) {
                if (!Boolean.TRUE.equals(tx.execute(status -> repairUnderLock(box.id())))) {
                    continue;   // it changed meanwhile and is right now, or is gone
                }
            }
            if (behind) {
                findings.add(log(new Finding(Kind.COUNTERS_BEHIND, box.account(), box.name(),
                        Math.max(highestUid + 1 - box.uidNext(), highestModseq - box.highestModseq()), repair,
                        "new UIDVALIDITY, uid_next " + box.uidNext() + " -> " + (highestUid + 1) + ", highest_modseq "
                                + box.highestModseq() + " -> " + Math.max(box.highestModseq(), highestModseq))));
            }
            if (wrong) {
                findings.add(log(new Finding(Kind.COUNTERS_WRONG, box.account(), box.name(), 1, repair,
                        "messages " + box.messages() + " -> " + rows.count + ", unseen " + box.unseen() + " -> " + rows.unseen
                                + ", bytes " + box.size() + " -> " + rows.size)));
            }
        }
    }

    /** Locks the mailbox, recomputes from its rows, and fixes what is still wrong; whether anything was. */
    private boolean repairUnderLock(long mailboxId) {
        List<long[]> locked = jdbc.sql("SELECT uid_next, highest_modseq, message_count, unseen_count, size_bytes FROM mailbox"
                        + " WHERE id = ? FOR UPDATE").param(mailboxId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}).list();
        if (locked.isEmpty()) {
            return false;
        }
        long[] box = locked.getFirst();
        long[] rows = jdbc.sql("SELECT COUNT(*), COALESCE(SUM(CASE WHEN seen THEN 0 ELSE 1 END), 0), COALESCE(SUM(size_bytes), 0),"
                        + " COALESCE(MAX(uid), 0), COALESCE(MAX(modseq), 0) FROM mailbox_message" + dialect.tableScanHint()
                        + " WHERE mailbox_id = ?").param(mailboxId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}).single();
        long[] gone = jdbc.sql("SELECT COALESCE(MAX(uid), 0), COALESCE(MAX(modseq), 0) FROM expunged WHERE mailbox_id = ?")
                .param(mailboxId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long highestUid = Math.max(rows[3], gone[0]);
        long highestModseq = Math.max(rows[4], gone[1]);
        boolean changed = false;
        if (box[0] <= highestUid || box[1] < highestModseq) {
            jdbc.sql("UPDATE mailbox SET uidvalidity = ?, uid_next = ?, highest_modseq = ? WHERE id = ?")
                    .params(nextUidValidity(jdbc), Math.max(box[0], highestUid + 1), Math.max(box[1], highestModseq), mailboxId)
                    .update();
            changed = true;
        }
        if (box[2] != rows[0] || box[3] != rows[1] || box[4] != rows[2]) {
            jdbc.sql("UPDATE mailbox SET message_count = ?, unseen_count = ?, size_bytes = ? WHERE id = ?")
                    .params(rows[0], rows[1], rows[2], mailboxId).update();
            changed = true;
        }
        return changed;
    }

    private static Finding log(Finding finding) {
        log.warn("Integrity: {}", finding.line());
        return finding;
    }

    /** The store's own rule (MailboxRows): epoch seconds, always above every value handed out before. */
    static long nextUidValidity(JdbcClient jdbc) {
        long now = Instant.now().getEpochSecond();
        jdbc.sql("UPDATE uidvalidity_counter SET last_value = CASE WHEN last_value + 1 > ? THEN last_value + 1 ELSE ? END WHERE id = 1")
                .params(now, now).update();
        return jdbc.sql("SELECT last_value FROM uidvalidity_counter WHERE id = 1").query(Long.class).single();
    }
}
