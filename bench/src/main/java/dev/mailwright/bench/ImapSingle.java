package dev.mailwright.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 2: one IMAP client, each step timed on its own. Account u1, INBOX, expected empty at the start.
 * Each step after the APPENDs is reported "first" ({@code <step>_ms}: the first time the server runs that command
 * since its start) and "warm" ({@code <step>_warm_ms}: the median of {@code --repeats} further rounds of the steps).
 * Last, {@code --sync-appends} APPENDs from a second client that writes as Python's imaplib does (median latency).
 */
final class ImapSingle {
    static final String SCENARIO = "imap-single";
    private static final Pattern UID = Pattern.compile("UID (\\d+)");
    private static final String FETCH_ENVELOPES = "UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)";

    private ImapSingle() {
    }

    static void run(Target t) throws IOException {
        int appends = t.args().size("appends", 5000);
        int bodies = Math.min(appends, t.args().size("bodies", 1000));
        int size = t.args().integer("size", 4096);
        int repeats = t.args().integer("repeats", 5);
        check(repeats >= 1, "--repeats must be at least 1");
        String user = t.imapUser(1);
        String search = "UID SEARCH TEXT \"" + Corpus.NEEDLE + "\"";
        try (ImapClient c = t.imap(1)) {
            long start = System.nanoTime();
            long[] appendLatency = new long[appends];
            for (int i = 0; i < appends; i++) {
                long t0 = System.nanoTime();
                c.append("INBOX", "", Corpus.message(i, size, "sender@bench.client.test", user)).require("APPEND");
                appendLatency[i] = System.nanoTime() - t0;
            }
            emit(t, "append_total_ms", Stats.millisSince(start));
            t.out().emit(SCENARIO, "append_p99_ms", Stats.percentileMillis(appendLatency, 99), "ms", Out.Better.LOWER);

            // first: each command the first time since the server's start
            start = System.nanoTime();
            ImapClient.Response select = c.command("SELECT INBOX").require("SELECT");
            emit(t, "select_ms", Stats.millisSince(start));
            checkSelect(select, appends);

            start = System.nanoTime();
            ImapClient.Response fetch = c.command(FETCH_ENVELOPES).require("UID FETCH");
            emit(t, "fetch_envelopes_ms", Stats.millisSince(start));
            List<Long> uids = fetchedUids(fetch);
            check(uids.size() == appends, "FETCH 1:* should return " + appends + " messages, got " + uids.size());

            start = System.nanoTime();
            ImapClient.Response found = c.command(search).require("SEARCH");
            emit(t, "search_text_ms", Stats.millisSince(start));
            long expected = java.util.stream.IntStream.range(0, appends).filter(Corpus::hasNeedle).count();
            long hits = searchHits(found);
            check(hits == expected, "SEARCH TEXT should find " + expected + " messages, found " + hits);

            start = System.nanoTime();
            long bytes = fetchBodies(c, uids, bodies);
            emit(t, "fetch_bodies_ms", Stats.millisSince(start));
            check(bytes >= (long) bodies * size, "bodies should be at least " + size + " bytes each");

            start = System.nanoTime();
            c.command("UID STORE 1:* +FLAGS (\\Seen)").require("STORE");
            emit(t, "store_all_ms", Stats.millisSince(start));

            // warm: the same steps again, in the same order, `repeats` rounds; each answer must match the first one
            long[] selectNanos = new long[repeats];
            long[] fetchNanos = new long[repeats];
            long[] searchNanos = new long[repeats];
            long[] bodiesNanos = new long[repeats];
            long[] storeNanos = new long[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                select = c.command("SELECT INBOX").require("SELECT");
                selectNanos[r] = System.nanoTime() - t0;
                checkSelect(select, appends);

                t0 = System.nanoTime();
                fetch = c.command(FETCH_ENVELOPES).require("UID FETCH");
                fetchNanos[r] = System.nanoTime() - t0;
                int fetched = fetchedUids(fetch).size();
                check(fetched == uids.size(),
                        "warm FETCH 1:* should return " + uids.size() + " messages, got " + fetched);

                t0 = System.nanoTime();
                found = c.command(search).require("SEARCH");
                searchNanos[r] = System.nanoTime() - t0;
                long warmHits = searchHits(found);
                check(warmHits == hits, "warm SEARCH TEXT should find " + hits + " messages, found " + warmHits);

                t0 = System.nanoTime();
                long warmBytes = fetchBodies(c, uids, bodies);
                bodiesNanos[r] = System.nanoTime() - t0;
                check(warmBytes == bytes, "warm body FETCHes should return " + bytes + " bytes, got " + warmBytes);

                // every round changes every message: the first STORE set \Seen, so round 0 removes it, round 1 adds it
                String store = r % 2 == 0 ? "UID STORE 1:* -FLAGS (\\Seen)" : "UID STORE 1:* +FLAGS (\\Seen)";
                t0 = System.nanoTime();
                c.command(store).require("STORE");
                storeNanos[r] = System.nanoTime() - t0;
            }
            emit(t, "select_warm_ms", Stats.medianMillis(selectNanos));
            emit(t, "fetch_envelopes_warm_ms", Stats.medianMillis(fetchNanos));
            emit(t, "search_text_warm_ms", Stats.medianMillis(searchNanos));
            emit(t, "fetch_bodies_warm_ms", Stats.medianMillis(bodiesNanos));
            emit(t, "store_all_warm_ms", Stats.medianMillis(storeNanos));
        }
        // a client with Nagle's algorithm on and synchronizing literals (Python's imaplib): a server that delays
        // its ACK of the literal holds the CRLF after it back, 40 ms per APPEND on Linux
        int syncAppends = t.args().integer("sync-appends", 100);
        try (ImapClient c = ImapClient.loginLikeImaplib(t.imapPort(), user, t.password())) {
            long[] latency = new long[syncAppends];
            for (int i = 0; i < syncAppends; i++) {
                long t0 = System.nanoTime();
                c.append("INBOX", "", Corpus.message(appends + i, size, "sender@bench.client.test", user)).require("APPEND");
                latency[i] = System.nanoTime() - t0;
            }
            emit(t, "append_sync_literal_median_ms", Stats.medianMillis(latency));
        }
    }

    private static void checkSelect(ImapClient.Response select, int appends) throws IOException {
        check(select.untagged().contains("* " + appends + " EXISTS"), "SELECT should report " + appends + " EXISTS");
    }

    private static List<Long> fetchedUids(ImapClient.Response fetch) {
        List<Long> uids = new ArrayList<>();
        for (String line : fetch.untagged()) {
            Matcher m = UID.matcher(line);
            if (line.contains(" FETCH ") && m.find()) {
                uids.add(Long.parseLong(m.group(1)));
            }
        }
        return uids;
    }

    private static long searchHits(ImapClient.Response search) {
        return search.untagged().stream().filter(l -> l.startsWith("* SEARCH"))
                .mapToLong(l -> l.trim().split(" ").length - 2).sum();
    }

    /** One {@code UID FETCH n (BODY.PEEK[])} per message, as a client opening mails does; the literal bytes read. */
    private static long fetchBodies(ImapClient c, List<Long> uids, int bodies) throws IOException {
        long bytes = 0;
        for (int i = 0; i < bodies; i++) {
            ImapClient.Response body = c.command("UID FETCH " + uids.get(i) + " (BODY.PEEK[])").require("BODY");
            bytes += body.literalBytes();
        }
        return bytes;
    }

    private static void emit(Target t, String metric, double ms) {
        t.out().emit(SCENARIO, metric, ms, "ms", Out.Better.LOWER);
    }

    static void check(boolean condition, String message) throws IOException {
        if (!condition) {
            throw new IOException("check failed: " + message);
        }
    }
}
