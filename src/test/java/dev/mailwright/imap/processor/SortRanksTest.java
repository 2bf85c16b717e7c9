package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.MessageCommand.SortCriterion;
import dev.mailwright.imap.command.MessageCommand.SortKey;
import dev.mailwright.imap.command.MessageCommand.SortOrder;
import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.store.MessageSortKeys;

/**
 * SortRanks (packed ranks, one primitive sort) must give exactly the order of SortProcessor.order (the comparator
 * chain with the sequence-number tie-break, RFC 5256 §3): random rows with many ties and non-ASCII, surrogate and
 * private-use text (code point order, not UTF-16 order), every key in both directions, up to four criteria (which
 * overflows 63 bits and takes the comparator path), and rows not in sequence order.
 */
class SortRanksTest {
    private static final String[] TEXTS = {"", "A", "AB", "B", "Ä", "\uE000X", "\uD83D\uDE00", "\uFFFD", "A B", "Z"};

    private static List<Keyed<MessageSortKeys>> rows(Random random, int n, int spread) {
        List<Keyed<MessageSortKeys>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Keyed<>(new MessageSortKeys(i + 1, Instant.ofEpochSecond(random.nextInt(spread), random.nextInt(3)),
                    Instant.ofEpochSecond(random.nextInt(spread)), random.nextInt(spread), text(random, spread),
                    text(random, spread), text(random, spread), text(random, spread), text(random, spread),
                    text(random, spread)), i + 1, 0));
        }
        return rows;
    }

    private static String text(Random random, int spread) {
        return TEXTS[random.nextInt(TEXTS.length)] + (spread > 50 ? random.nextInt(spread) : "");
    }

    private static List<Keyed<MessageSortKeys>> byComparator(List<Keyed<MessageSortKeys>> rows, List<SortCriterion> c) {
        List<Keyed<MessageSortKeys>> out = new ArrayList<>(rows);
        out.sort(SortProcessor.order(c));
        return out;
    }

    @Test
    void packedRanksShouldOrderExactlyLikeTheComparator() {
        Random random = new Random(5256);
        SortKey[] keys = SortKey.values();
        for (int round = 0; round < 300; round++) {
            int spread = round % 3 == 0 ? 4 : round % 3 == 1 ? 40 : 5000;
            List<Keyed<MessageSortKeys>> rows = rows(random, 1 + random.nextInt(400), spread);
            List<SortCriterion> criteria = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                criteria.add(new SortCriterion(keys[random.nextInt(keys.length)],
                        random.nextBoolean() ? SortOrder.ASCENDING : SortOrder.REVERSE));
            }
            assertThat(SortRanks.sorted(rows, criteria)).as(criteria.toString()).containsExactlyElementsOf(byComparator(rows, criteria));
        }
    }

    @Test
    void rowsOutOfSequenceOrderAndEmptyInputShouldStillSortCorrectly() {
        Random random = new Random(3);
        List<Keyed<MessageSortKeys>> rows = new ArrayList<>(rows(random, 200, 4));
        java.util.Collections.reverse(rows);
        List<SortCriterion> criteria = List.of(new SortCriterion(SortKey.SUBJECT, SortOrder.REVERSE));
        assertThat(SortRanks.sorted(rows, criteria)).containsExactlyElementsOf(byComparator(rows, criteria));
        assertThat(SortRanks.sorted(List.of(), criteria)).isEmpty();
        List<Keyed<MessageSortKeys>> one = rows(random, 1, 4);
        assertThat(SortRanks.sorted(one, criteria)).containsExactlyElementsOf(one);
    }
}
