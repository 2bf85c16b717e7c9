package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ImapEncoder;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageThreadLinks;

/**
 * THREAD=REFERENCES tree building alone, in memory, on the rows of SortThreadBenchmark's mailbox (threads of 1-9,
 * References to the root and the previous message, "Re:" subjects): the builder before the array rewrite
 * ({@link LegacyReferenceThreads}) and now ({@link ReferenceThreads}), interleaved in one JVM so that both see the
 * same machine load, and the answer written. Not part of {@code ./mvnw verify}: {@code -Dmailwright.bench=true}.
 */
@EnabledIfSystemProperty(named = "mailwright.bench", matches = "true")
class ThreadBuildBenchmark {
    static final int MESSAGES = Integer.getInteger("mailwright.bench.messages", 100_000);

    @Test
    void buildTheTreeOfOneHundredThousandMessages() {
        List<Keyed<MessageThreadLinks>> rows = rows();
        int rounds = Integer.getInteger("mailwright.bench.rounds", 11);
        long[] legacy = new long[rounds];
        long[] now = new long[rounds];
        long[] write = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            ThreadForest old = LegacyReferenceThreads.build(rows, 1000, Keyed::msn);
            long t1 = System.nanoTime();
            ThreadForest fresh = ReferenceThreads.build(rows, 1000, Keyed::msn);
            long t2 = System.nanoTime();
            byte[] answer = ImapEncoder.toBytes(new ImapResponse.ThreadResult(fresh), ImapEncoder.NameEncoding.UTF8);
            long t3 = System.nanoTime();
            legacy[r] = (t1 - t0) / 1_000;
            now[r] = (t2 - t1) / 1_000;
            write[r] = (t3 - t2) / 1_000;
            if (r == 0) {
                assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(new String(ImapEncoder.toBytes(
                        new ImapResponse.ThreadResult(old), ImapEncoder.NameEncoding.UTF8), StandardCharsets.UTF_8));
            }
        }
        System.out.printf("BENCH tree of %d messages, %d rounds (µs): before %s median %d; now %s median %d; answer written %s median %d%n",
                MESSAGES, rounds, Arrays.toString(legacy), median(legacy), Arrays.toString(now), median(now),
                Arrays.toString(write), median(write));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<Keyed<MessageThreadLinks>> rows() {
        Random random = new Random(5256);
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        List<Keyed<MessageThreadLinks>> rows = new ArrayList<>(MESSAGES);
        int thread = 0;
        int inThread = 0;
        int threadLength = 1;
        String root = null;
        String previous = null;
        for (int n = 1; n <= MESSAGES; n++) {
            if (inThread == threadLength) {
                thread++;
                inThread = 0;
                threadLength = 1 + random.nextInt(9);
            }
            String id = "<m" + n + "@bench.example>";
            String subject = "topic " + thread + " about " + (char) ('a' + random.nextInt(26));
            List<String> refs = inThread == 0 ? List.of() : inThread == 1 ? List.of(root) : List.of(root, previous);
            if (inThread == 0) {
                root = id;
            }
            previous = id;
            Instant sent = base.plusSeconds(n * 3600L + random.nextInt(7200) - 3600);
            rows.add(new Keyed<>(new MessageThreadLinks(n, sent, subject, inThread > 0, Optional.of(id), refs), n, n));
            inThread++;
        }
        return rows;
    }
}
