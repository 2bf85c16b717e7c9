package dev.mailwright.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 4: account u2's INBOX filled with N small messages, then SELECT and UID FETCH 1:* (UID FLAGS), and
 * with {@code --web-port} (Mailwright) the webmail's first page of that INBOX. Then SEARCH over the 100,000
 * messages (issue 14): {@code UID SEARCH TEXT "zebra"} (one message in ten), {@code SEARCH FROM} one of the 50
 * senders (one in fifty) and a word no message holds, each once cold and then the median of
 * {@value #SEARCH_REPEATS}; hit counts are checked.
 */
final class BigMailbox {
    static final String SCENARIO = "big-mailbox";
    private static final int SENDERS = 50;
    private static final int SEARCH_REPEATS = 9;

    private BigMailbox() {
    }

    static void run(Target t) throws Exception {
        int messages = t.args().size("messages", 100_000);
        int writers = t.args().integer("writers", 4);
        byte[][] bodies = new byte[50][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = Corpus.message(i, 1024, "sender" + (i % SENDERS) + "@bench.client.test", t.imapUser(2));
        }
        if (t.args().flag("no-fill")) {
            searches(t, messages, bodies.length);   // a mailbox filled before (maildir-fill for Dovecot)
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (ImapClient c = t.imap(2)) {
                    int i;
                    while ((i = next.getAndIncrement()) < messages && failure.get() == null) {
                        c.append("INBOX", "", bodies[i % bodies.length]).require("APPEND");
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new IOException("filling the big mailbox failed", failure.get());
        }
        t.out().emit(SCENARIO, "fill_msgs_per_s", messages / (Stats.millisSince(start) / 1000), "msg/s",
                Out.Better.HIGHER);

        try (ImapClient c = t.imap(2)) {
            start = System.nanoTime();
            ImapClient.Response select = c.command("SELECT INBOX").require("SELECT");
            t.out().emit(SCENARIO, "select_ms", Stats.millisSince(start), "ms", Out.Better.LOWER);
            ImapSingle.check(select.untagged().contains("* " + messages + " EXISTS"),
                    "SELECT should report " + messages + " EXISTS");
            start = System.nanoTime();
            ImapClient.Response fetch = c.command("UID FETCH 1:* (UID FLAGS)").require("UID FETCH");
            t.out().emit(SCENARIO, "fetch_uid_flags_ms", Stats.millisSince(start), "ms", Out.Better.LOWER);
            long lines = fetch.untagged().stream().filter(l -> l.contains(" FETCH ")).count();
            ImapSingle.check(lines == messages, "FETCH should return " + messages + " lines, got " + lines);

        }
        searches(t, messages, bodies.length);
        int webPort = t.args().integer("web-port", 0);
        if (webPort > 0) {
            WebmailFirstPage.measure(t, SCENARIO, webPort, t.imapUser(2), messages);
        }
    }

    /** On a new connection: SELECT, then the three searches. */
    private static void searches(Target t, int messages, int distinct) throws IOException {
        long withNeedle = 0;
        long fromSeven = 0;
        for (int i = 0; i < messages; i++) {
            withNeedle += Corpus.hasNeedle(i % distinct) ? 1 : 0;
            fromSeven += (i % distinct) % SENDERS == 7 ? 1 : 0;
        }
        try (ImapClient c = t.imap(2)) {
            c.command("SELECT INBOX").require("SELECT");
            search(t, c, "search_text_word", "UID SEARCH TEXT \"" + Corpus.NEEDLE + "\"", withNeedle);
            search(t, c, "search_from", "SEARCH FROM \"sender7@bench\"", fromSeven);
            search(t, c, "search_text_absent", "UID SEARCH TEXT \"okapi\"", 0);
        }
    }

    /**
     * Writes the big mailbox's messages straight into a Maildir's {@code cur} (for Dovecot, whose IMAP fill runs at
     * ~65 msg/s here): {@code --dir} the Maildir, {@code --to} the recipient as the IMAP fill writes it.
     */
    static void maildirFill(Args args) throws IOException {
        int messages = args.size("messages", 100_000);
        java.nio.file.Path cur = java.nio.file.Path.of(args.required("dir")).resolve("cur");
        java.nio.file.Files.createDirectories(cur);
        java.nio.file.Files.createDirectories(cur.resolveSibling("new"));
        java.nio.file.Files.createDirectories(cur.resolveSibling("tmp"));
        byte[][] bodies = new byte[50][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = Corpus.message(i, 1024, "sender" + (i % SENDERS) + "@bench.client.test", args.required("to"));
        }
        long base = 1_700_000_000L;
        for (int i = 0; i < messages; i++) {
            byte[] body = bodies[i % bodies.length];
            java.nio.file.Files.write(cur.resolve((base + i) + ".M" + i + "P1.bench,S=" + body.length + ":2,"), body);
        }
    }

    /** {@code command} once cold, then the median of {@value #SEARCH_REPEATS}; every answer must name {@code hits} messages. */
    private static void search(Target t, ImapClient c, String metric, String command, long hits) throws IOException {
        List<Double> warm = new ArrayList<>();
        for (int round = 0; round <= SEARCH_REPEATS; round++) {
            long start = System.nanoTime();
            ImapClient.Response response = c.command(command).require("SEARCH");
            double ms = Stats.millisSince(start);
            long found = response.untagged().stream().filter(l -> l.startsWith("* SEARCH"))
                    .mapToLong(l -> l.trim().split(" ").length - 2).sum();
            ImapSingle.check(found == hits, command + " should find " + hits + " messages, found " + found);
            if (round == 0) {
                t.out().emit(SCENARIO, metric + "_cold_ms", ms, "ms", Out.Better.LOWER);
            } else {
                warm.add(ms);
            }
        }
        warm.sort(Double::compare);
        t.out().emit(SCENARIO, metric + "_ms", warm.get(warm.size() / 2), "ms", Out.Better.LOWER);
    }
}
