package dev.mailwright.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 7 (issue 14): SORT, THREAD and SEARCH on a big mailbox of distinct messages. Account u3's INBOX gets N
 * messages (over IMAP with 4 connections, or with {@code sort-search-fill} straight into a Maildir for Dovecot):
 * threads of five (the first message starts a topic, the next four answer it with {@code Re:}, In-Reply-To and
 * References), 500 senders with display names in ten teams (so {@code FROM "team7@bench"} hits one message in
 * ten), dates that do not follow arrival, and the word {@value Corpus#NEEDLE} in the body of one message in ten.
 * Then, on one connection: each command of {@link #COMMANDS} once cold and then the median of {@value #REPEATS};
 * every answer's size is checked (SORT and THREAD name every message, SEARCH its known number of hits).
 */
final class SortSearch {
    static final String SCENARIO = "sort-search";
    private static final int REPEATS = 7;
    private static final int THREAD_SIZE = 5;
    private static final int SENDERS = 500;
    private static final int TEAMS = 10;
    private static final String[] WORDS = {"mail", "server", "queue", "store", "message", "header", "body",
            "folder", "client", "latency", "throughput", "commit", "delivery", "mailbox", "search", "flag",
            "answer", "meeting", "report", "budget", "quarter", "project", "release", "review", "coffee"};
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);

    /** metric, command, expected count: -1 every message, else hits. */
    private record Query(String metric, String command, long expected) {
    }

    private SortSearch() {
    }

    static List<Query> commands(int messages) {
        long needle = 0;
        long team = 0;
        for (int i = 0; i < messages; i++) {
            needle += hasNeedle(i) ? 1 : 0;
            team += teamOf(i) == 7 ? 1 : 0;
        }
        return List.of(
                new Query("sort_reverse_arrival_subject", "SORT (REVERSE ARRIVAL SUBJECT) UTF-8 ALL", -1),
                new Query("sort_from_date", "SORT (FROM DATE) UTF-8 ALL", -1),
                new Query("sort_displayfrom", "SORT (DISPLAYFROM) UTF-8 ALL", -1),
                new Query("sort_subject", "UID SORT (SUBJECT) UTF-8 ALL", -1),
                new Query("thread_references", "THREAD REFERENCES UTF-8 ALL", -1),
                new Query("thread_orderedsubject", "UID THREAD ORDEREDSUBJECT UTF-8 ALL", -1),
                new Query("search_text_10pct", "UID SEARCH TEXT \"" + Corpus.NEEDLE + "\"", needle),
                new Query("search_body_10pct", "UID SEARCH BODY \"" + Corpus.NEEDLE + "\"", needle),
                new Query("search_from_10pct", "UID SEARCH FROM \"team7@bench\"", team),
                new Query("search_text_absent", "UID SEARCH TEXT \"okapi\"", 0));
    }

    static boolean hasNeedle(int index) {
        return index % 10 == 3;
    }

    static int teamOf(int index) {
        return (index * 7 % SENDERS) % TEAMS;
    }

    /** Message {@code index} of the corpus: CRLF, about 1 KB, deterministic. */
    static byte[] message(int index, String to) {
        int sender = index * 7 % SENDERS;
        int thread = index / THREAD_SIZE;
        int first = thread * THREAD_SIZE;
        StringBuilder sb = new StringBuilder(1300);
        sb.append("From: Person ").append(sender).append(" <p").append(sender).append(".team").append(sender % TEAMS)
                .append("@bench.client.test>\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: ").append(index == first ? "" : "Re: ").append("topic ").append(thread).append(' ')
                .append(WORDS[thread % WORDS.length]).append("\r\n")
                // dates wander against arrival: a thread's answers come within hours, topics over two years
                .append("Date: ").append(ZonedDateTime.of(2025, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC)
                        .plusMinutes((thread * 7919L) % (2 * 365 * 24 * 60) + (index - first) * 37L)
                        .format(RFC5322)).append("\r\n")
                .append("Message-ID: <m").append(index).append("@bench.client.test>\r\n");
        if (index > first) {
            sb.append("In-Reply-To: <m").append(index - 1).append("@bench.client.test>\r\n").append("References:");
            for (int r = first; r < index; r++) {
                sb.append(" <m").append(r).append("@bench.client.test>");
            }
            sb.append("\r\n");
        }
        sb.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        java.util.Random random = new java.util.Random(index * 7919L);
        int bodyStart = sb.length();
        int lineLength = 0;
        while (sb.length() - bodyStart < 700) {
            String word = WORDS[random.nextInt(WORDS.length)];
            sb.append(word);
            lineLength += word.length();
            if (lineLength > 70) {
                sb.append("\r\n");
                lineLength = 0;
            } else {
                sb.append(' ');
                lineLength++;
            }
        }
        if (hasNeedle(index)) {
            sb.append(Corpus.NEEDLE);
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static void run(Target t) throws Exception {
        int messages = t.args().size("messages", 100_000);
        int user = 3;
        if (!t.args().flag("no-fill")) {
            fill(t, user, messages, t.args().integer("writers", 4));
        }
        try (ImapClient c = t.imap(user)) {
            c.command("SELECT INBOX").require("SELECT");
            for (Query q : commands(messages)) {
                measure(t, c, q, messages);
            }
        }
    }

    private static void fill(Target t, int user, int messages, int writers) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (ImapClient c = t.imap(user)) {
                    int i;
                    while ((i = next.getAndIncrement()) < messages && failure.get() == null) {
                        c.append("INBOX", "", message(i, t.imapUser(user))).require("APPEND");
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
            throw new IOException("filling the sort-search mailbox failed", failure.get());
        }
        t.out().emit(SCENARIO, "fill_msgs_per_s", messages / (Stats.millisSince(start) / 1000), "msg/s",
                Out.Better.HIGHER);
    }

    /** Writes the corpus into a Maildir's {@code cur} ({@code --dir}, {@code --to} the recipient), for Dovecot. */
    static void maildirFill(Args args) throws IOException {
        int messages = args.size("messages", 100_000);
        Path cur = Path.of(args.required("dir")).resolve("cur");
        Files.createDirectories(cur);
        Files.createDirectories(cur.resolveSibling("new"));
        Files.createDirectories(cur.resolveSibling("tmp"));
        long base = 1_700_000_000L;
        for (int i = 0; i < messages; i++) {
            byte[] body = message(i, args.required("to"));
            Files.write(cur.resolve((base + i) + ".M" + i + "P1.bench,S=" + body.length + ":2,"), body);
        }
    }

    private static void measure(Target t, ImapClient c, Query q, int messages) throws IOException {
        List<Double> warm = new ArrayList<>();
        for (int round = 0; round <= REPEATS; round++) {
            long start = System.nanoTime();
            ImapClient.Response response = c.command(q.command()).require(q.metric());
            double ms = Stats.millisSince(start);
            long named = 0;
            for (String line : response.untagged()) {
                if (line.startsWith("* SEARCH") || line.startsWith("* SORT") || line.startsWith("* THREAD")) {
                    named += numbers(line);
                }
            }
            long expected = q.expected() < 0 ? messages : q.expected();
            ImapSingle.check(named == expected, q.command() + " should name " + expected + " messages, named " + named);
            if (round == 0) {
                t.out().emit(SCENARIO, q.metric() + "_cold_ms", ms, "ms", Out.Better.LOWER);
            } else {
                warm.add(ms);
            }
        }
        warm.sort(Double::compare);
        t.out().emit(SCENARIO, q.metric() + "_ms", warm.get(warm.size() / 2), "ms", Out.Better.LOWER);
    }

    /** Non-zero numbers after the response name: message numbers in SEARCH, SORT and THREAD answers. */
    static long numbers(String line) {
        long count = 0;
        boolean inNumber = false;
        boolean nonZero = false;
        for (int i = line.indexOf(' ', 2) + 1; i > 0 && i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch >= '0' && ch <= '9') {
                nonZero |= ch != '0';
                inNumber = true;
            } else {
                if (inNumber && nonZero) {
                    count++;
                }
                inNumber = false;
                nonZero = false;
            }
        }
        return count + (inNumber && nonZero ? 1 : 0);
    }
}
