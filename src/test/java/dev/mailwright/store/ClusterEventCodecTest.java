package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class ClusterEventCodecTest {
    private static final AccountId ACCOUNT = new AccountId(7);
    private static final MailboxId MAILBOX = new MailboxId(42);

    private static MailboxEvent roundTrip(MailboxEvent event) {
        List<String> payloads = ClusterEventCodec.encode("node-1", event);
        assertThat(payloads).hasSize(1);
        ClusterEventCodec.Received received = ClusterEventCodec.decode(payloads.getFirst());
        assertThat(received.origin()).isEqualTo("node-1");
        return received.event();
    }

    @Test
    void everyKindOfEventShouldSurviveTheTextForm() {
        List<MailboxEvent> events = List.of(
                new MailboxEvent.MessagesAdded(ACCOUNT, MAILBOX, List.of(1L, 2L, 3L, 9L), 17),
                new MailboxEvent.FlagsChanged(ACCOUNT, MAILBOX, List.of(5L), 18),
                new MailboxEvent.MessagesExpunged(ACCOUNT, MAILBOX, List.of(), 19),
                new MailboxEvent.MailboxChanged(ACCOUNT, MAILBOX, "Old|name/子", Optional.of("New name|with pipe")),
                new MailboxEvent.MailboxChanged(ACCOUNT, MAILBOX, "Gone", Optional.empty()),
                new MailboxEvent.MailboxCreated(ACCOUNT, MAILBOX, "New|folder/子"),
                new MailboxEvent.SubscriptionChanged(ACCOUNT, MAILBOX, "Lists|x", true),
                new MailboxEvent.SubscriptionChanged(ACCOUNT, MailboxEvent.NO_MAILBOX, "Nowhere", false));

        for (MailboxEvent event : events) {
            assertThat(roundTrip(event)).isEqualTo(event);
        }
    }

    @Test
    void manyScatteredUidsShouldBeSplitIntoPayloadsThatFitAPostgresNotification() {
        List<Long> odd = LongStream.iterate(1, u -> u + 2).limit(20_000).boxed().toList();
        MailboxEvent event = new MailboxEvent.MessagesExpunged(ACCOUNT, MAILBOX, odd, 99);

        List<String> payloads = ClusterEventCodec.encode("node-1", event);

        assertThat(payloads.size()).isGreaterThan(1);
        List<Long> decoded = new ArrayList<>();
        for (String payload : payloads) {
            assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
            MailboxEvent part = ClusterEventCodec.decode(payload).event();
            assertThat(part).isInstanceOf(MailboxEvent.MessagesExpunged.class);
            decoded.addAll(((MailboxEvent.MessagesExpunged) part).uids());
        }
        assertThat(decoded).isEqualTo(odd);
    }

    @Test
    void contiguousUidsShouldTravelAsOneRange() {
        List<Long> all = LongStream.rangeClosed(1, 100_000).boxed().toList();
        List<String> payloads = ClusterEventCodec.encode("n", new MailboxEvent.FlagsChanged(ACCOUNT, MAILBOX, all, 5));

        assertThat(payloads).singleElement().asString().endsWith("|1:100000");
    }

    @Test
    void aPayloadOfAnUnknownShapeShouldBeRefused() {
        assertThatThrownBy(() -> ClusterEventCodec.decode("n|renamed|1|2|3|4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterEventCodec.decode("garbage")).isInstanceOf(IllegalArgumentException.class);
    }
}
