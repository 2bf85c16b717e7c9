package dev.mailwright.crash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the clients were told, across every crash: the messages sent (in flight until acknowledged), the
 * acknowledged ones with their bytes, and every UID a client has seen with the message it named. After each
 * restart {@link #check} compares that with what the server holds.
 */
final class Ledger {
    static final Pattern CRASH_ID = Pattern.compile("(?m)^X-Crash-Id: (\\S+)");

    enum Via { SMTP, APPEND }

    private static final class Sent {
        final Via via;
        final byte[] bytes;
        volatile boolean acknowledged;

        Sent(Via via, byte[] bytes) {
            this.via = via;
            this.bytes = bytes;
        }
    }

    /** One message as the server holds it after a restart. */
    record Stored(long uid, byte[] bytes) {
    }

    /** The state of the mailbox after a restart, as read over IMAP. */
    record Snapshot(long uidValidity, long uidNext, long highestModSeq, List<Stored> messages) {
    }

    /** What one check found: the violations (empty when all holds) and how many acknowledged messages were lost. */
    record Verdict(List<String> violations, int lostAcknowledged, int acknowledgedSoFar, int stored) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    /** UID → crash id, for the current UIDVALIDITY: from APPENDUID and from every earlier check. */
    private final Map<Long, String> seenUids = new ConcurrentHashMap<>();
    /** Ids a check found absent although sent: never acknowledged, so allowed, but they must not come back. */
    private final Set<String> absent = new HashSet<>();
    /** Ids a check found present: from then on they stay, exactly once. */
    private final Set<String> present = new HashSet<>();
    /** Acknowledged ids found missing (reported once, in the check that first missed them). */
    private final Set<String> lost = new HashSet<>();
    private volatile long uidValidity;
    private long highestModSeq;

    void sending(String id, Via via, byte[] bytes) {
        sent.put(id, new Sent(via, bytes));
    }

    void acknowledged(String id) {
        sent.get(id).acknowledged = true;
    }

    /** An APPEND's tagged OK with {@code [APPENDUID validity uid]}. */
    synchronized void appended(String id, long validity, long uid) {
        sent.get(id).acknowledged = true;
        if (uidValidity == 0) {
            uidValidity = validity;
        }
        if (validity == uidValidity) {
            seenUids.put(uid, id);
        }
    }

    int acknowledgedCount() {
        return (int) sent.values().stream().filter(s -> s.acknowledged).count();
    }

    synchronized Verdict check(Snapshot snapshot) {
        List<String> violations = new ArrayList<>();
        if (uidValidity != 0 && snapshot.uidValidity() != uidValidity) {
            // allowed by RFC 3501 §2.3.1.1 when the store cannot rule out reuse; the UID history starts over
            violations.add("UIDVALIDITY changed from " + uidValidity + " to " + snapshot.uidValidity()
                    + " (allowed by the RFC, but a durable store should never need it)");
            seenUids.clear();
            highestModSeq = 0;
        }
        uidValidity = snapshot.uidValidity();

        Map<String, List<Stored>> byId = new HashMap<>();
        Map<Long, String> idByUid = new HashMap<>();
        for (Stored stored : snapshot.messages()) {
            Matcher m = CRASH_ID.matcher(new String(stored.bytes(), StandardCharsets.ISO_8859_1));
            String id = m.find() ? m.group(1) : "(none)";
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(stored);
            if (idByUid.put(stored.uid(), id) != null) {
                violations.add("UID " + stored.uid() + " returned twice");
            }
        }

        int newlyLost = 0;
        for (Map.Entry<String, List<Stored>> entry : byId.entrySet()) {
            Sent s = sent.get(entry.getKey());
            if (s == null) {
                violations.add("a message nobody sent: " + entry.getKey());
            } else if (entry.getValue().size() > 1) {
                violations.add(entry.getKey() + " stored " + entry.getValue().size() + " times");
            }
        }
        for (Map.Entry<String, Sent> entry : sent.entrySet()) {
            String id = entry.getKey();
            Sent s = entry.getValue();
            List<Stored> copies = byId.getOrDefault(id, List.of());
            if (copies.isEmpty()) {
                if (s.acknowledged) {
                    if (lost.add(id)) {
                        newlyLost++;
                        violations.add("acknowledged " + s.via + " message lost: " + id);
                    }
                } else if (present.contains(id)) {
                    violations.add("message seen after an earlier restart is gone: " + id);
                }
                absent.add(id);
                continue;
            }
            if (absent.contains(id)) {
                violations.add("message absent after an earlier restart came back: " + id);
            }
            byte[] stored = copies.getFirst().bytes();
            boolean rightBytes = s.via == Via.APPEND ? Arrays.equals(stored, s.bytes) : endsWith(stored, s.bytes);
            if (!rightBytes) {
                violations.add(id + " stored with other bytes (" + stored.length + " bytes, sent " + s.bytes.length + ")");
            }
            present.add(id);
        }

        long highestSeenUid = 0;
        for (Map.Entry<Long, String> seen : seenUids.entrySet()) {
            highestSeenUid = Math.max(highestSeenUid, seen.getKey());
            String now = idByUid.get(seen.getKey());
            if (now != null && !now.equals(seen.getValue())) {
                violations.add("UID " + seen.getKey() + " reused: was " + seen.getValue() + ", now " + now);
            }
        }
        if (snapshot.uidNext() <= highestSeenUid) {
            violations.add("UIDNEXT " + snapshot.uidNext() + " is not above UID " + highestSeenUid + " seen before the crash");
        }
        if (snapshot.highestModSeq() < highestModSeq) {
            violations.add("HIGHESTMODSEQ went back from " + highestModSeq + " to " + snapshot.highestModSeq());
        }
        highestModSeq = snapshot.highestModSeq();
        seenUids.putAll(idByUid);
        return new Verdict(violations, newlyLost, acknowledgedCount(), snapshot.messages().size());
    }

    private static boolean endsWith(byte[] stored, byte[] suffix) {
        return stored.length >= suffix.length
                && Arrays.equals(stored, stored.length - suffix.length, stored.length, suffix, 0, suffix.length);
    }
}
