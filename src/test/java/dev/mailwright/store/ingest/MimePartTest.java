package dev.mailwright.store.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MimePartTest {
    private static MimePart leaf(String type, String subtype, long hs, long bs, long be) {
        return new MimePart(type, subtype, hs, bs, be, List.of(), Optional.empty());
    }

    // mixed( alternative(plain, html), rfc822(mixed(plain, png)) )
    private final MimePart embeddedRoot = new MimePart("multipart", "mixed", 400, 460, 900,
            List.of(leaf("text", "plain", 480, 500, 600), leaf("image", "png", 620, 680, 880)), Optional.empty());
    private final MimePart forwarded = new MimePart("message", "rfc822", 350, 400, 900, List.of(),
            Optional.of(embeddedRoot));
    private final MimePart alternative = new MimePart("multipart", "alternative", 100, 150, 330,
            List.of(leaf("text", "plain", 170, 200, 250), leaf("text", "html", 270, 300, 330)), Optional.empty());
    private final MimePart root = new MimePart("multipart", "mixed", 0, 80, 990, List.of(alternative, forwarded),
            Optional.empty());

    @Test
    void encodeShouldRoundTripThroughDecode() {
        String encoded = root.encode();
        assertThat(MimePart.decode(encoded)).isEqualTo(root);
        assertThat(encoded).startsWith("multipart/mixed;0;80;990(multipart/alternative;100;150;330(");
    }

    @Test
    void decodeShouldRejectMalformedText() {
        assertThatThrownBy(() -> MimePart.decode("text/plain;0;1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MimePart.decode("text/plain;0;1;2x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MimePart.decode("text/plain;5;1;2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MimePart.decode("multipart/mixed;0;1;2(")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sectionShouldFollowImapPartNumbering() {
        assertThat(root.section(List.of())).contains(root);
        assertThat(root.section(List.of(1))).contains(alternative);
        assertThat(root.section(List.of(1, 2))).contains(alternative.children().get(1));
        assertThat(root.section(List.of(2))).contains(forwarded);
        assertThat(root.section(List.of(2, 2))).contains(embeddedRoot.children().get(1));
        assertThat(root.section(List.of(3))).isEmpty();
        assertThat(root.section(List.of(1, 1, 1))).isEmpty();
        assertThat(root.section(List.of(0))).isEmpty();
    }

    @Test
    void sectionOneOfANonMultipartMessageShouldBeTheMessageItself() {
        MimePart single = leaf("text", "plain", 0, 50, 70);
        assertThat(single.section(List.of(1))).contains(single);
        assertThat(single.section(List.of(2))).isEmpty();
        assertThat(single.section(List.of(1, 1))).isEmpty();
    }

    @Test
    void sectionShouldNumberAPlainEmbeddedMessageAsPartOne() {
        MimePart inner = leaf("text", "plain", 100, 140, 200);
        MimePart rfc822 = new MimePart("message", "rfc822", 50, 100, 200, List.of(), Optional.of(inner));
        MimePart outer = new MimePart("multipart", "mixed", 0, 40, 230,
                List.of(leaf("text", "plain", 42, 44, 48), rfc822), Optional.empty());
        assertThat(outer.section(List.of(2, 1))).contains(inner);
        assertThat(outer.section(List.of(2, 2))).isEmpty();
    }
}
