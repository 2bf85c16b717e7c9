package dev.mailwright.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;


class MessageNumbersTest {

    /** A property checked on many seeded random runs of appends and expunges (reproducible by seed). */
    @Test
    void mapShouldAgreeWithASortedSetAfterAnyAppendsAndExpunges() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            MessageNumbers numbers = new MessageNumbers();
            TreeSet<Long> oracle = new TreeSet<>();
            long nextUid = 0;
            int steps = random.nextInt(200);
            for (int step = 0; step < steps; step++) {
                if (random.nextInt(5) < 3) {
                    nextUid += 1 + random.nextInt(5);
                    numbers.append(nextUid);
                    oracle.add(nextUid);
                } else if (oracle.isEmpty()) {
                    assertThat(numbers.expunge(1 + random.nextInt(10))).as("seed %d", seed).isEmpty();
                } else {
                    List<Long> list = new ArrayList<>(oracle);
                    long uid = list.get(random.nextInt(list.size()));
                    assertThat(numbers.expunge(uid)).as("seed %d", seed).hasValue(list.indexOf(uid) + 1);
                    oracle.remove(uid);
                }
                List<Long> list = new ArrayList<>(oracle);
                assertThat(numbers.size()).as("seed %d", seed).isEqualTo(list.size());
                for (int msn = 1; msn <= list.size(); msn++) {
                    assertThat(numbers.uidAt(msn)).as("seed %d", seed).isEqualTo(list.get(msn - 1));
                    assertThat(numbers.msnOf(numbers.uidAt(msn))).as("seed %d", seed).isEqualTo(msn);
                    if (msn > 1) {
                        assertThat(numbers.uidAt(msn)).isGreaterThan(numbers.uidAt(msn - 1));
                    }
                }
                assertThat(numbers.maxUid()).isEqualTo(oracle.isEmpty() ? 0 : oracle.last());
            }
        }
    }

    /** go-imap's tracker cases, restated: expunges in one response shift the numbers of those after them. */
    @Test
    void lookUpsInAscendingOrderShouldFindWhatASearchFinds() {
        MessageNumbers numbers = new MessageNumbers();
        for (long uid : new long[] {3, 5, 9, 10, 40}) {
            numbers.append(uid);
        }
        int previous = 0;
        for (long uid = 1; uid <= 45; uid++) {
            int msn = numbers.msnAfter(uid, previous);
            assertThat(msn).as("UID %d", uid).isEqualTo(numbers.msnOf(uid));
            previous = msn > 0 ? msn : previous;
        }
        // a wrong hint (out of range, behind, ahead) only costs the search
        assertThat(numbers.msnAfter(9, 7)).isEqualTo(3);
        assertThat(numbers.msnAfter(9, -1)).isEqualTo(3);
        assertThat(numbers.msnAfter(9, 0)).isEqualTo(3);
        assertThat(numbers.msnAfter(4, 1)).isZero();
    }

    @Test
    void expungingSeveralMessagesShouldAnnounceEachWithItsCurrentNumber() {
        MessageNumbers numbers = new MessageNumbers();
        for (long uid = 1; uid <= 5; uid++) {
            numbers.append(uid * 10);
        }
        assertThat(numbers.expunge(20)).hasValue(2);
        assertThat(numbers.expunge(30)).hasValue(2);
        assertThat(numbers.expunge(50)).hasValue(3);
        assertThat(numbers.size()).isEqualTo(2);
        assertThat(numbers.uidAt(1)).isEqualTo(10);
        assertThat(numbers.uidAt(2)).isEqualTo(40);
    }

    @Test
    void expungeShouldShiftLaterSequenceNumbersDown() {
        MessageNumbers numbers = new MessageNumbers();
        for (long uid : new long[] {3, 5, 9, 10}) {
            numbers.append(uid);
        }
        assertThat(numbers.expunge(5)).hasValue(2);
        assertThat(numbers.uidAt(2)).isEqualTo(9);
        assertThat(numbers.msnOf(10)).isEqualTo(3);
        assertThat(numbers.msnOf(5)).isZero();
    }

    @Test
    void expungingTheSameUidTwiceShouldReportItOnlyOnce() {
        MessageNumbers numbers = new MessageNumbers();
        numbers.append(1);
        numbers.append(2);
        assertThat(numbers.expunge(1)).hasValue(1);
        assertThat(numbers.expunge(1)).isEmpty();
        assertThat(numbers.uidAt(1)).isEqualTo(2);
    }

    @Test
    void appendShouldRefuseAUidNotAboveTheLast() {
        MessageNumbers numbers = new MessageNumbers();
        numbers.append(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> numbers.append(7))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 9394 §3.3: the PARTIAL window of a UID set, against a sorted list of the announced UIDs it names. */
    @Test
    void windowShouldNameTheAnnouncedMessagesAtThosePositionsOfAnyUidSet() {
        Random random = new Random(9394);
        for (int round = 0; round < 2_000; round++) {
            MessageNumbers numbers = new MessageNumbers();
            TreeSet<Long> announced = new TreeSet<>();
            for (long uid = 1; uid <= 60; uid++) {
                if (random.nextInt(3) > 0) {
                    numbers.append(uid);
                    announced.add(uid);
                }
            }
            List<dev.mailwright.store.UidRange> ranges = new ArrayList<>();
            for (int r = random.nextInt(4) + 1; r > 0; r--) {   // unsorted, possibly overlapping, as clients send them
                long a = random.nextInt(70) + 1;
                long b = random.nextInt(70) + 1;
                ranges.add(new dev.mailwright.store.UidRange(Math.min(a, b), Math.max(a, b)));
            }
            dev.mailwright.store.UidSet set = new dev.mailwright.store.UidSet(ranges);
            long lo = random.nextInt(25) + 1;
            long hi = random.nextInt(25) + 1;
            dev.mailwright.imap.command.MessageCommand.PartialRange range = random.nextBoolean()
                    ? new dev.mailwright.imap.command.MessageCommand.PartialRange(lo, hi)
                    : new dev.mailwright.imap.command.MessageCommand.PartialRange(-lo, -hi);

            List<Long> named = announced.stream().filter(set::contains).toList();
            long from = range.firstIndex(named.size());
            long to = range.lastIndex(named.size());
            List<Long> expected = from > to ? List.of() : named.subList((int) from, (int) to + 1);
            dev.mailwright.store.UidSet window = numbers.window(set, range);
            assertThat(announced.stream().filter(window::contains).toList()).as("set %s, range %s", set, range)
                    .isEqualTo(expected);
        }
        MessageNumbers big = new MessageNumbers();
        big.append(7);
        big.append(9);
        assertThat(big.window(dev.mailwright.store.UidSet.ALL,
                new dev.mailwright.imap.command.MessageCommand.PartialRange(1, 4_294_967_295L)))
                .isEqualTo(new dev.mailwright.store.UidSet(List.of(new dev.mailwright.store.UidRange(7, 9))));
    }
}
