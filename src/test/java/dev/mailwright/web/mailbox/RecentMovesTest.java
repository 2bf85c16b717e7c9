package dev.mailwright.web.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import dev.mailwright.store.MailboxId;

/** The undo memory of a session: one use per move, a time window, and only the newest few moves. */
class RecentMovesTest {
    private Instant now = Instant.parse("2026-12-05T06:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static MailboxActions.Moved moved(long target) {
        return new MailboxActions.Moved(new MailboxId(1), new MailboxId(target), 7, List.of(10L, 11L));
    }

    @Test
    void aMoveShouldBeUndoneOnceWithinTheWindowAndRefusedAfterIt() {
        RecentMoves moves = new RecentMoves(Duration.ofSeconds(10), 3, clock);
        MockHttpSession session = new MockHttpSession();
        String first = moves.remember(session, moved(2));
        String second = moves.remember(session, moved(3));
        now = now.plusSeconds(10);
        assertThat(moves.take(session, first)).isEqualTo(new RecentMoves.Lookup.Found(moved(2)));
        assertThat(moves.take(session, first)).isInstanceOf(RecentMoves.Lookup.Unknown.class);
        now = now.plusMillis(1);
        assertThat(moves.take(session, second))
                .isEqualTo(new RecentMoves.Lookup.TooLate(new MailboxId(1), new MailboxId(3)));
        assertThat(moves.take(session, "not-a-token")).isInstanceOf(RecentMoves.Lookup.Unknown.class);
    }

    @Test
    void onlyTheNewestMovesShouldBeKept() {
        RecentMoves moves = new RecentMoves(Duration.ofSeconds(10), 2, clock);
        MockHttpSession session = new MockHttpSession();
        String oldest = moves.remember(session, moved(2));
        String middle = moves.remember(session, moved(3));
        String newest = moves.remember(session, moved(4));
        assertThat(moves.take(session, oldest)).isInstanceOf(RecentMoves.Lookup.Unknown.class);
        assertThat(moves.take(session, middle)).isInstanceOf(RecentMoves.Lookup.Found.class);
        assertThat(moves.take(session, newest)).isInstanceOf(RecentMoves.Lookup.Found.class);
    }
}
