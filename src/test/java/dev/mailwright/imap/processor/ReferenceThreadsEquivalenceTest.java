package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToLongFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ImapEncoder;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageThreadLinks;

/**
 * The array-based THREAD=REFERENCES builder ({@link ReferenceThreads}) gives, on varied generated mailboxes, exactly
 * the answer of the object-based one it replaced ({@link LegacyReferenceThreads}) and of a plain recursive
 * transcription of RFC 5256 §3 ({@link SimpleReferenceThreads}): missing parents, References that loop, duplicate
 * Message-IDs, messages without one, In-Reply-To only, equal dates, and roots merged by base subject (with and
 * without reply prefixes), numbered by sequence number and by UID. Time budget: a few seconds.
 */
class ReferenceThreadsEquivalenceTest {
    private static final Instant T0 = Instant.parse("2021-03-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5256, 9051})
    void theArrayBuilderShouldAnswerExactlyAsTheOldOneAndTheSimpleOne(long seed) {
        List<Keyed<MessageThreadLinks>> rows = mailbox(new Random(seed), 3_000);
        ToLongFunction<Keyed<MessageThreadLinks>> byMsn = Keyed::msn;
        ToLongFunction<Keyed<MessageThreadLinks>> byUid = k -> k.keys().uid();
        for (ToLongFunction<Keyed<MessageThreadLinks>> number : List.of(byMsn, byUid)) {
            String now = answer(ReferenceThreads.build(rows, 1000, number));
            assertThat(now).isEqualTo(answer(LegacyReferenceThreads.build(rows, 1000, number)));
            assertThat(now).isEqualTo(answer(SimpleReferenceThreads.build(rows, number)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8})
    void aSubsetOfTheMailboxShouldThreadLikeTheOldBuilderToo(long seed) {
        Random random = new Random(seed);
        List<Keyed<MessageThreadLinks>> subset = new ArrayList<>();
        for (Keyed<MessageThreadLinks> row : mailbox(random, 2_000)) {
            if (random.nextInt(3) > 0) {
                subset.add(row);
            }
        }
        String now = answer(ReferenceThreads.build(subset, 1000, Keyed::msn));
        assertThat(now).isEqualTo(answer(LegacyReferenceThreads.build(subset, 1000, Keyed::msn)));
        assertThat(now).isEqualTo(answer(SimpleReferenceThreads.build(subset, Keyed::msn)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void aShallowDepthLimitShouldLeaveOutTheSameLinks(int maxDepth) {
        List<Keyed<MessageThreadLinks>> rows = mailbox(new Random(maxDepth * 31L), 2_000);
        assertThat(answer(ReferenceThreads.build(rows, maxDepth, Keyed::msn)))
                .isEqualTo(answer(LegacyReferenceThreads.build(rows, maxDepth, Keyed::msn)));
    }

    /**
     * {@code count} messages (UIDs with gaps, sequence numbers 1..count) in conversations of 1-12: each reply names
     * a random earlier member of its conversation, with References that sometimes skip, repeat, name an id never
     * seen, name a later message or the message itself (loops), or are absent with only In-Reply-To; dates
     * collide, and for some seeds differ by nanoseconds; a few
     * Message-IDs are reused or missing; subjects come from a small set so unrelated roots merge, some with "Re:".
     */
    private static List<Keyed<MessageThreadLinks>> mailbox(Random random, int count) {
        List<Keyed<MessageThreadLinks>> rows = new ArrayList<>(count);
        List<String> conversation = new ArrayList<>();
        String topic = "topic";
        long uid = 0;
        boolean fractional = random.nextBoolean();   // dates to the nanosecond take the builder's general sort
        for (int msn = 1; msn <= count; msn++) {
            uid += 1 + random.nextInt(3);
            if (conversation.isEmpty() || random.nextInt(6) == 0) {
                conversation.clear();
                topic = "topic " + random.nextInt(Math.max(1, count / 8));
            }
            String id = "<m" + msn + "@gen.test>";
            int idKind = random.nextInt(40);
            Optional<String> messageId = idKind == 0 ? Optional.empty()
                    : idKind == 1 && msn > 1 ? Optional.of("<m" + (1 + random.nextInt(msn - 1)) + "@gen.test>")
                    : Optional.of(id);
            List<String> references = new ArrayList<>();
            if (!conversation.isEmpty()) {
                int upTo = 1 + random.nextInt(conversation.size());
                for (int i = 0; i < upTo; i++) {
                    if (random.nextInt(5) > 0) {
                        references.add(conversation.get(i));
                    }
                }
                switch (random.nextInt(12)) {
                    case 0 -> references.add("<missing" + random.nextInt(count) + "@gen.test>");
                    case 1 -> references.addFirst("<m" + (msn + 1 + random.nextInt(20)) + "@gen.test>");   // a later one
                    case 2 -> references.add(id);   // itself
                    case 3 -> {
                        if (references.size() > 1) {
                            references.add(references.getFirst());   // a cycle in one header
                        }
                    }
                    case 4 -> {
                        String last = conversation.getLast();
                        references.clear();
                        references.add(last);   // In-Reply-To only
                    }
                    default -> {
                    }
                }
            } else if (random.nextInt(25) == 0) {
                references.add("<m" + (msn + 1 + random.nextInt(30)) + "@gen.test>");   // a root that names a later one
            }
            conversation.add(id);
            boolean reply = references.size() > 0 ? random.nextInt(4) > 0 : random.nextInt(10) == 0;
            String subject = random.nextInt(30) == 0 ? "" : topic;
            Instant sent = T0.plusSeconds(random.nextInt(10) == 0 ? 0 : msn * 60L + random.nextInt(600) - 300)
                    .plusNanos(fractional ? random.nextInt(3) : 0);
            rows.add(new Keyed<>(new MessageThreadLinks(uid, sent, subject, reply, messageId, List.copyOf(references)),
                    msn, msn));
        }
        return rows;
    }

    private static String answer(ThreadForest forest) {
        return new String(ImapEncoder.toBytes(new ImapResponse.ThreadResult(forest), NameEncoding.UTF8),
                StandardCharsets.UTF_8);
    }
}
