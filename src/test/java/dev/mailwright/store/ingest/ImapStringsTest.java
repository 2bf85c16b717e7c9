package dev.mailwright.store.ingest;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ImapStringsTest {
    private static String write(String s) {
        StringBuilder sb = new StringBuilder();
        ImapStrings.string(sb, s);
        return sb.toString();
    }

    @Test
    void plainTextShouldBeQuotedWithQuoteAndBackslashEscaped() {
        assertThat(write("a \"b\" \\ c")).isEqualTo("\"a \\\"b\\\" \\\\ c\"");
        assertThat(write("")).isEqualTo("\"\"");
        assertThat(write("tab\there")).isEqualTo("\"tab\there\"");
    }

    @Test
    void textWithLineBreaksOrEightBitShouldBeALiteralCountingUtf8Octets() {
        assertThat(write("a\r\nb")).isEqualTo("{4}\r\na\r\nb");
        assertThat(write("bare\rcr")).isEqualTo("{7}\r\nbare\rcr");
        assertThat(write("é€")).isEqualTo("{5}\r\né€");
    }

    @Test
    void nulShouldBeDroppedBecauseNoImapStringMayCarryIt() {
        assertThat(write("a\0b")).isEqualTo("\"ab\"");
    }

    @Test
    void absentValueShouldBeNil() {
        StringBuilder sb = new StringBuilder();
        ImapStrings.nstring(sb, Optional.empty());
        assertThat(sb).hasToString("NIL");
    }
}
