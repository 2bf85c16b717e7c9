package dev.mailwright.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MessageNumbersTest {

    sealed interface Op {
    }

    record Append(int gap) implements Op {
    }

    record ExpungeAt(int position) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> append = Arbitraries.integers().between(1, 5).map(Append::new);
        Arbitrary<Op> expunge = Arbitraries.integers().between(0, 1000).map(ExpungeAt::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, append),
                net.jqwik.api.Tuple.of(2, expunge)).list().ofMaxSize(200);
    }

    @Property
    void mapShouldAgreeWithASortedSetAfterAnyAppendsAndExpunges(@ForAll("operations") List<Op> ops) {
        MessageNumbers numbers = new MessageNumbers();
        TreeSet<Long> oracle = new TreeSet<>();
        long nextUid = 1;
        for (Op op : ops) {
            switch (op) {
                case Append a -> {
                    nextUid += a.gap();
                    numbers.append(nextUid);
                    oracle.add(nextUid);
                }
                case ExpungeAt e -> {
                    if (oracle.isEmpty()) {
                        assertThat(numbers.expunge(e.position() + 1L)).isEmpty();
                        continue;
                    }
                    List<Long> list = new ArrayList<>(oracle);
                    long uid = list.get(e.position() % list.size());
                    int expectedMsn = list.indexOf(uid) + 1;
                    assertThat(numbers.expunge(uid)).hasValue(expectedMsn);
                    oracle.remove(uid);
                }
            }
            List<Long> list = new ArrayList<>(oracle);
            assertThat(numbers.size()).isEqualTo(list.size());
            for (int msn = 1; msn <= list.size(); msn++) {
                assertThat(numbers.uidAt(msn)).isEqualTo(list.get(msn - 1));
                assertThat(numbers.msnOf(numbers.uidAt(msn))).isEqualTo(msn);
                if (msn > 1) {
                    assertThat(numbers.uidAt(msn)).isGreaterThan(numbers.uidAt(msn - 1));
                }
            }
            assertThat(numbers.maxUid()).isEqualTo(oracle.isEmpty() ? 0 : oracle.last());
        }
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
}
