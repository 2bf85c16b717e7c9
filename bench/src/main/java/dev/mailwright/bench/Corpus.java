package dev.mailwright.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Deterministic test messages of a requested size. One message in ten carries the word {@value #NEEDLE} in its
 * body, so a {@code SEARCH TEXT} has a known number of hits.
 *
 * <p>By default the words come from a list of 25, so a long body repeats the same few words: a search index pays far
 * less for it than for real mail. {@code MW_BENCH_CORPUS=prose} draws them instead from 30,000 made-up words by
 * Zipf's law (exponent 1, as word frequencies in natural language roughly follow), with a comma or full stop after
 * about one word in twelve: about as many distinct words per message as English text has (a 50 KB message of git's
 * release notes holds about 2,000).
 */
final class Corpus {
    static final String NEEDLE = "zebra";
    private static final String[] WORDS = {"mail", "server", "queue", "store", "message", "header", "body",
            "folder", "client", "latency", "throughput", "commit", "delivery", "mailbox", "search", "flag",
            "answer", "meeting", "report", "budget", "quarter", "project", "release", "review", "coffee"};
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            java.util.Locale.ROOT);

    private static final boolean PROSE = "prose".equals(System.getenv("MW_BENCH_CORPUS"));
    private static final String[] VOCABULARY = PROSE ? vocabulary(30_000) : new String[0];
    private static final double[] CUMULATIVE = zipf(VOCABULARY.length);

    private Corpus() {
    }

    /** {@code count} distinct made-up words of one to four syllables, none containing {@link #NEEDLE}. */
    private static String[] vocabulary(int count) {
        String consonants = "bcdfghjklmnprstvwz";
        String vowels = "aeiou";
        Random random = new Random(42);
        java.util.Set<String> words = new java.util.LinkedHashSet<>();
        while (words.size() < count) {
            StringBuilder word = new StringBuilder();
            int syllables = 1 + random.nextInt(4);
            for (int i = 0; i < syllables; i++) {
                word.append(consonants.charAt(random.nextInt(consonants.length())))
                        .append(vowels.charAt(random.nextInt(vowels.length())));
                if (random.nextInt(3) == 0) {
                    word.append(consonants.charAt(random.nextInt(consonants.length())));
                }
            }
            if (!word.toString().contains(NEEDLE)) {
                words.add(word.toString());
            }
        }
        return words.toArray(String[]::new);
    }

    /** Cumulative weights 1/1, 1/2, ... 1/n. */
    private static double[] zipf(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        return cumulative;
    }

    private static String nextWord(Random random) {
        if (!PROSE) {
            return WORDS[random.nextInt(WORDS.length)];
        }
        int i = java.util.Arrays.binarySearch(CUMULATIVE, random.nextDouble() * CUMULATIVE[CUMULATIVE.length - 1]);
        String word = VOCABULARY[Math.min(i < 0 ? -i - 1 : i, VOCABULARY.length - 1)];
        return switch (random.nextInt(24)) {
            case 0 -> word + ",";
            case 1 -> word + ".";
            default -> word;
        };
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
            String word = needle && sb.length() > size / 2 ? NEEDLE : nextWord(random);
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
