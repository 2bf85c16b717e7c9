package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailwright.store.ingest.MimePart;
import dev.mailwright.store.ingest.ParsedMessage;

class ThreadKeysTest {

    @Test
    void replyShouldShareTheKeyOfTheFirstMessage() {
        String root = ThreadKeys.of(parsed("Hello", Optional.of("root@x"), Optional.empty(), List.of()));
        String reply = ThreadKeys.of(parsed("Re: Hello", Optional.of("r1@x"), Optional.of("root@x"), List.of("root@x")));
        String replyWithoutReferences = ThreadKeys.of(parsed("Re: Hello", Optional.of("r2@x"), Optional.of("ROOT@x"), List.of()));
        String deep = ThreadKeys.of(parsed("Re: Re: Hello", Optional.of("r3@x"), Optional.of("r1@x"), List.of("root@x", "r1@x")));

        assertThat(reply).isEqualTo(root).isEqualTo(replyWithoutReferences).isEqualTo(deep);
        assertThat(ThreadKeys.of(parsed("Hello", Optional.of("other@x"), Optional.empty(), List.of()))).isNotEqualTo(root);
    }

    @Test
    void messagesWithoutIdsShouldGroupByNormalisedSubject() {
        String a = ThreadKeys.of(parsed("Budget  2026", Optional.empty(), Optional.empty(), List.of()));
        String b = ThreadKeys.of(parsed("RE: [team] Fwd: budget 2026", Optional.empty(), Optional.empty(), List.of()));
        assertThat(a).isEqualTo(b).startsWith("s:");
        assertThat(ThreadKeys.normalizeSubject("AW: Sv: Antw: Hi")).isEqualTo("hi");
    }

    @Test
    void keysShouldFitTheColumnEvenForHugeIds() {
        String key = ThreadKeys.of(parsed("x", Optional.of("a".repeat(900) + "@x"), Optional.empty(), List.of()));
        assertThat(key).hasSizeLessThanOrEqualTo(ThreadKeys.MAX_LENGTH).startsWith("h:");
    }

    private static ParsedMessage parsed(String subject, Optional<String> id, Optional<String> inReplyTo, List<String> refs) {
        MimePart root = new MimePart("text", "plain", 0, 0, 0, List.of(), Optional.empty());
        return new ParsedMessage("NIL", "NIL", "NIL", root, subject, "", List.of(), Optional.empty(), "", false, id, inReplyTo,
                refs, subject);
    }
}
