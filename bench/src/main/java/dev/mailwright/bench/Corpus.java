package dev.mailwright.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Deterministic test messages of a requested size. One message in ten carries the word {@value #NEEDLE} in its
 * body, so a {@code SEARCH TEXT} has a known number of hits.
 */
final class Corpus {
    static final String NEEDLE = "zebra";
    private static final String[] WORDS = {"mail", "server", "queue", "store", "message", "header", "body",
            "folder", "client", "latency", "throughput", "commit", "delivery", "mailbox", "search", "flag",
            "answer", "meeting", "report", "budget", "quarter", "project", "release", "review", "coffee"};
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            java.util.Locale.ROOT);

    private Corpus() {
    }

    static boolean hasNeedle(int index) {
        return index % 10 == 0;
    }

    /** A CRLF message of about {@code size} bytes; no line starts with a dot, so it needs no dot-stuffing. */
    static byte[] message(int index, int size, String from, String to) {
        Random random = new Random(index * 7919L + size);
        StringBuilder sb = new StringBuilder(size + 200);
        sb.append("From: Bench Sender <").append(from).append(">\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: benchmark message ").append(index).append(' ').append(WORDS[index % WORDS.length])
                .append("\r\n")
                .append("Date: ").append(ZonedDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC)
                        .plusMinutes(index).format(RFC5322)).append("\r\n")
                .append("Message-ID: <bench-").append(index).append('-').append(size).append("@bench.client.test>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        int lineLength = 0;
        boolean needle = hasNeedle(index);
        while (sb.length() < size) {
            String word = needle && sb.length() > size / 2 ? NEEDLE : WORDS[random.nextInt(WORDS.length)];
            if (word.equals(NEEDLE)) {
                needle = false;
            }
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
        if (needle) {
            sb.append(NEEDLE);
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
