package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How BINARY finds a part's Content-Transfer-Encoding in its MIME header (RFC 2045 §6.1). */
class BinarySectionsTest {

    @Test
    void transferEncodingShouldBeTheLowerCaseTokenWithoutCommentsQuotesOrFolding() {
        assertThat(BinarySections.transferEncoding("Content-Type: text/plain\r\nContent-Transfer-Encoding: BASE64\r\n\r\n"))
                .isEqualTo("base64");
        assertThat(BinarySections.transferEncoding("content-transfer-encoding:\r\n (old) Quoted-Printable (x)\r\n\r\n"))
                .isEqualTo("quoted-printable");
        assertThat(BinarySections.transferEncoding("Content-Transfer-Encoding: \"8bit\"\r\n\r\n")).isEqualTo("8bit");
        assertThat(BinarySections.transferEncoding("Content-Type: text/plain\r\n\r\n")).isEmpty();
        assertThat(BinarySections.transferEncoding("X-Content-Transfer-Encoding: base64\r\n\r\n")).isEmpty();
    }
}
