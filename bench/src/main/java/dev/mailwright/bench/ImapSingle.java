package dev.mailwright.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scenario 2: one IMAP client, each step timed on its own. Account u1, INBOX, expected empty at the start. */
final class ImapSingle {
    static final String SCENARIO = "imap-single";
    private static final Pattern UID = Pattern.compile("UID (\\d+)");

    private ImapSingle() {
    }

    static void run(Target t) throws IOException {
        int appends = t.args().size("appends", 5000);
        int bodies = Math.min(appends, t.args().size("bodies", 1000));
        int size = t.args().integer("size", 4096);
        String user = t.imapUser(1);
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

            start = System.nanoTime();
            ImapClient.Response select = c.command("SELECT INBOX").require("SELECT");
            emit(t, "select_ms", Stats.millisSince(start));
            check(select.untagged().contains("* " + appends + " EXISTS"), "SELECT should report " + appends + " EXISTS");

            start = System.nanoTime();
            ImapClient.Response fetch = c.command("UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)")
                    .require("UID FETCH");
            emit(t, "fetch_envelopes_ms", Stats.millisSince(start));
            List<Long> uids = new ArrayList<>();
            for (String line : fetch.untagged()) {
                Matcher m = UID.matcher(line);
                if (line.contains(" FETCH ") && m.find()) {
                    uids.add(Long.parseLong(m.group(1)));
                }
            }
            check(uids.size() == appends, "FETCH 1:* should return " + appends + " messages, got " + uids.size());

            start = System.nanoTime();
            ImapClient.Response search = c.command("UID SEARCH TEXT \"" + Corpus.NEEDLE + "\"").require("SEARCH");
            emit(t, "search_text_ms", Stats.millisSince(start));
            long expected = java.util.stream.IntStream.range(0, appends).filter(Corpus::hasNeedle).count();
            long hits = search.untagged().stream().filter(l -> l.startsWith("* SEARCH"))
                    .mapToLong(l -> l.trim().split(" ").length - 2).sum();
            check(hits == expected, "SEARCH TEXT should find " + expected + " messages, found " + hits);

            start = System.nanoTime();
            long bytes = 0;
            for (int i = 0; i < bodies; i++) {
                ImapClient.Response body = c.command("UID FETCH " + uids.get(i) + " (BODY.PEEK[])").require("BODY");
                bytes += body.literalBytes();
            }
            emit(t, "fetch_bodies_ms", Stats.millisSince(start));
            check(bytes >= (long) bodies * size, "bodies should be at least " + size + " bytes each");

            start = System.nanoTime();
            c.command("UID STORE 1:* +FLAGS (\\Seen)").require("STORE");
            emit(t, "store_all_ms", Stats.millisSince(start));
        }
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
