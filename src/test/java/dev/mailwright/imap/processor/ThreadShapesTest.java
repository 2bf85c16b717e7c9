package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.wire.ThreadForest;

/** The shared THREAD=REFERENCES shape cache: a shape is reused only for the same messages, and the bound holds. */
class ThreadShapesTest {
    private final ThreadShapes shapes = new ThreadShapes();
    private final AtomicInteger builds = new AtomicInteger();

    private final Supplier<ThreadForest> build = () -> {
        builds.incrementAndGet();
        ThreadForest forest = new ThreadForest();
        forest.addRoot(forest.node(1));
        return forest;
    };

    @Test
    void theSameMessagesShouldReuseTheShapeAndAnyOtherListShouldBuildAgain() {
        ThreadForest first = shapes.shape(7, 100, 1000, new long[] {1, 2, 3}, 10, build);
        assertThat(shapes.shape(7, 100, 1000, new long[] {1, 2, 3}, 10, build)).isSameAs(first);
        assertThat(builds).hasValue(1);
        shapes.shape(7, 100, 1000, new long[] {1, 2, 4}, 10, build);   // an expunge and an append
        shapes.shape(7, 100, 1000, new long[] {1, 2}, 10, build);      // another session's view
        shapes.shape(7, 101, 1000, new long[] {1, 2}, 10, build);      // a new UIDVALIDITY
        shapes.shape(7, 101, 5, new long[] {1, 2}, 10, build);         // another depth limit
        shapes.shape(8, 101, 5, new long[] {1, 2}, 10, build);         // another mailbox
        assertThat(builds).hasValue(6);
        assertThat(shapes.shape(7, 101, 5, new long[] {1, 2}, 10, build)).isNotNull();
        assertThat(builds).hasValue(6);
    }

    @Test
    void theBoundShouldDropTheLeastRecentlyUsedMailboxAndKeepNothingAtZero() {
        shapes.shape(1, 1, 1000, new long[] {1, 2, 3, 4}, 10, build);
        shapes.shape(2, 1, 1000, new long[] {1, 2, 3, 4}, 10, build);
        shapes.shape(1, 1, 1000, new long[] {1, 2, 3, 4}, 10, build);   // 1 used again
        shapes.shape(3, 1, 1000, new long[] {1, 2, 3, 4}, 10, build);   // 12 > 10: mailbox 2 goes
        assertThat(shapes.size()).isEqualTo(2);
        assertThat(builds).hasValue(3);
        shapes.shape(1, 1, 1000, new long[] {1, 2, 3, 4}, 10, build);
        assertThat(builds).hasValue(3);
        shapes.shape(2, 1, 1000, new long[] {1, 2, 3, 4}, 10, build);
        assertThat(builds).hasValue(4);

        ThreadShapes none = new ThreadShapes();
        none.shape(1, 1, 1000, new long[] {1}, 0, build);
        none.shape(1, 1, 1000, new long[] {1}, 0, build);
        assertThat(none.size()).isZero();
        assertThat(builds).hasValue(6);
    }
}
