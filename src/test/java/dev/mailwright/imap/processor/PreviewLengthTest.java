package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 8970: a preview has at most 256 characters, whatever length ingest was configured to store. */
class PreviewLengthTest {

    @Test
    void previewShouldBeCutAt256CharactersWithoutSplittingASurrogatePair() {
        String stored = "x".repeat(255) + "\uD83D\uDE00" + "tail";
        String shown = FetchProcessor.preview(stored);
        assertThat(shown.codePointCount(0, shown.length())).isEqualTo(256);
        assertThat(shown).endsWith("\uD83D\uDE00");
        assertThat(FetchProcessor.preview("short")).isEqualTo("short");
        assertThat(FetchProcessor.preview(null)).isEmpty();
    }
}
