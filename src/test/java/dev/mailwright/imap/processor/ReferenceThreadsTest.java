package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ImapEncoder;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageThreadLinks;

/** THREAD=REFERENCES (RFC 5256 §3) on hand-made rows: links, pruning, subjects, and bounded work on hostile graphs. */
class ReferenceThreadsTest {
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

    private final List<Keyed<MessageThreadLinks>> rows = new ArrayList<>();

    private void message(String id, String subject, String... references) {
        int msn = rows.size() + 1;
        rows.add(new Keyed<>(new MessageThreadLinks(msn, T0.plusSeconds(msn), subject, false,
                Optional.ofNullable(id), List.of(references)), msn, msn));
    }

    private String threads(int maxDepth) {
        ThreadForest forest = ReferenceThreads.build(rows, maxDepth, Keyed::msn);
        String line = new String(ImapEncoder.toBytes(new ImapResponse.ThreadResult(forest), NameEncoding.UTF8), StandardCharsets.UTF_8);
        return line.substring("* THREAD".length()).strip();
    }

    @Test
    void messagesArrivingBeforeTheirParentsShouldStillHangUnderThem() {
        message("<c>", "X", "<a>", "<b>");
        message("<b>", "X", "<a>");
        message("<a>", "X");
        assertThat(threads(1000)).isEqualTo("(3 2 1)");
    }

    @Test
    void aDuplicateMessageIdShouldBeASeparateMessage() {
        message("<a>", "X");
        message("<a>", "Y");
        message("<r>", "Z", "<a>");
        assertThat(threads(1000)).isEqualTo("(1 3)(2)");
    }

    @Test
    void aLinkWhoseLoopCheckWouldClimbPastTheLimitShouldBeLeftOut() {
        message("<e-child>", "E child", "<e>");   // gives <e> a child, so the later link of <e> needs the climb
        message("<1>", "chain");
        for (int i = 2; i <= 3000; i++) {
            message("<" + i + ">", "chain", "<" + (i - 1) + ">");
        }
        message("<e>", "E", "<3000>");
        String bounded = threads(1000);
        assertThat(bounded).startsWith("(2 3 4 ").endsWith(" 3001)(3002 1)");
        String unbounded = threads(10_000);
        assertThat(unbounded).startsWith("(2 3 4 ").endsWith(" 3001 3002 1)");
    }

    /** Time budget: 20 s for 60,000 links whose loop checks meet a 30,000-deep chain (unbounded: 1.8e9 steps). */
    @Test
    void manyDeepLoopChecksShouldCostAtMostTheLimitEach() {
        int depth = 30_000;
        for (int i = 0; i < depth; i++) {
            message("<child-" + i + ">", "c" + i, "<e-" + i + ">");
        }
        message("<1>", "chain");
        for (int i = 2; i <= depth; i++) {
            message("<" + i + ">", "chain", "<" + (i - 1) + ">");
        }
        for (int i = 0; i < depth; i++) {
            message("<e-" + i + ">", "e" + i, "<" + depth + ">");
        }
        long start = System.nanoTime();
        String answer = threads(1000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(answer).startsWith("(" + (depth + 1) + " " + (depth + 2) + " ");
    }

    @Test
    void randomReferenceGraphsShouldNameEveryMessageOnceInBalancedLists() {
        Random random = new Random(5256);
        for (int round = 0; round < 300; round++) {
            rows.clear();
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                String[] refs = new String[random.nextInt(4)];
                for (int r = 0; r < refs.length; r++) {
                    refs[r] = "<" + random.nextInt(n + 5) + ">";
                }
                String id = random.nextInt(10) == 0 ? null : "<" + random.nextInt(n + 5) + ">";
                message(id, random.nextBoolean() ? "S" + random.nextInt(4) : "", refs);
            }
            String answer = threads(1 + random.nextInt(20));
            int[] counts = new int[n + 1];
            int open = 0;
            for (String token : answer.replace("(", " ( ").replace(")", " ) ").trim().split(" +")) {
                switch (token) {
                    case "(" -> open++;
                    case ")" -> {
                        open--;
                        assertThat(open).as(answer).isGreaterThanOrEqualTo(0);
                    }
                    default -> counts[Integer.parseInt(token)]++;
                }
            }
            assertThat(open).as(answer).isZero();
            int[] expected = new int[n + 1];
            Arrays.fill(expected, 1, n + 1, 1);
            assertThat(counts).as(answer).isEqualTo(expected);
        }
    }
}
