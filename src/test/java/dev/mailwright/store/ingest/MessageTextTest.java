package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Display and search values: preview, decoded subject/from, threading ids, date, attachments, search text. */
class MessageTextTest {
    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    private ParsedMessage parse(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            out.writeBytes(p);
        }
        return parser.parseStrictly(MessageSource.of(out.toByteArray()));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private ParsedMessage single(String contentType, String encoding, byte[] body) {
        return parse(ascii("Subject: t\r\nContent-Type: " + contentType + "\r\nContent-Transfer-Encoding: " + encoding
                + "\r\n\r\n"), body);
    }

    @Test
    void previewShouldDecodeTheDeclaredCharset() {
        String russian = "Привет, мир";
        assertThat(single("text/plain; charset=koi8-r", "8bit", russian.getBytes(Charset.forName("KOI8-R")))
                .preview()).isEqualTo(russian);
        String japanese = "こんにちは世界";
        byte[] sjis = Base64.getMimeEncoder().encode(japanese.getBytes(Charset.forName("Shift_JIS")));
        assertThat(single("text/plain; charset=\"Shift_JIS\"", "base64", sjis).preview()).isEqualTo(japanese);
        assertThat(single("text/plain; charset=windows-1252", "quoted-printable", ascii("=80 5 and =93quotes=94"))
                .preview()).isEqualTo("€ 5 and “quotes”");
    }

    @Test
    void previewShouldGuessUtf8ThenLatin1WhenCharsetIsMissingOrUnknown() {
        assertThat(single("text/plain", "8bit", "naïve café".getBytes(StandardCharsets.UTF_8)).preview())
                .isEqualTo("naïve café");
        assertThat(single("text/plain; charset=x-unknown", "8bit", "naïve".getBytes(StandardCharsets.UTF_8))
                .preview()).isEqualTo("naïve");
        assertThat(single("text/plain", "8bit", "naïve café".getBytes(StandardCharsets.ISO_8859_1)).preview())
                .isEqualTo("naïve café");
    }

    @Test
    void previewShouldTolerateBrokenBase64AndQuotedPrintable() {
        assertThat(single("text/plain", "base64", ascii("SGVsbG8gV29y!!!bGQ=\r\n====\r\n")).preview())
                .startsWith("Hello Wor");
        assertThat(single("text/plain", "quoted-printable", ascii("a=ZZb=\r\nc=4")).preview()).startsWith("a");
    }

    @Test
    void previewShouldBeCappedWithoutSplittingASurrogatePair() {
        String text = "x".repeat(199) + "😀 tail".repeat(10);
        String preview = single("text/plain; charset=utf-8", "8bit", text.getBytes(StandardCharsets.UTF_8)).preview();
        assertThat(preview).isEqualTo("x".repeat(199));
        String longWords = "word   \r\n\t".repeat(100);
        String collapsed = single("text/plain", "7bit", ascii(longWords)).preview();
        assertThat(collapsed).hasSize(200).startsWith("word word word").doesNotContain("  ");
    }

    @Test
    void previewShouldSkipTextAttachmentsAndFallBackToHtml() {
        ParsedMessage p = parse(ascii("""
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: text/plain\r
                Content-Disposition: attachment; filename=log.txt\r
                \r
                attached log\r
                --b\r
                Content-Type: text/html\r
                \r
                <div>from <b>html</b></div>\r
                --b--\r
                """));
        assertThat(p.preview()).isEqualTo("from html");
        assertThat(p.hasAttachments()).isTrue();
        assertThat(p.searchText()).contains("from html").doesNotContain("attached log");
    }

    @Test
    void previewShouldSkipAnEmptyPlainPart() {
        ParsedMessage p = parse(ascii("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n \r\n--b\r\n"
                + "Content-Type: text/html\r\n\r\n<p>x</p>\r\n--b\r\n\r\nsecond plain\r\n--b--\r\n"));
        assertThat(p.preview()).isEqualTo("second plain");
    }

    @Test
    void subjectAndFromShouldBeDecodedForDisplay() {
        ParsedMessage p = parse(ascii("From: \"=?utf-8?q?Ren=C3=A9?=\" <rene@example.com>\r\n"
                + "Subject: =?utf-8?b?w6k=?= plain =?iso-8859-1?q?=E9?=\r\n\r\n"));
        assertThat(p.subject()).isEqualTo("é plain é");
        assertThat(p.from()).isEqualTo("René <rene@example.com>");
        assertThat(p.envelope()).contains("\"=?utf-8?q?Ren=C3=A9?=\"");
    }

    @Test
    void headerValuesShouldLoseOnlyAsciiWhiteSpaceAtTheirEnds() {
        ParsedMessage p = parse("Subject: \t hello\u3000\t \r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(p.subject()).isEqualTo("hello\u3000");
        assertThat(p.envelope()).startsWith("(NIL {8}\r\nhello\u3000 NIL");
    }

    @Test
    void threadingIdsShouldLoseTheirAngleBrackets() {
        ParsedMessage p = parse(ascii("Message-ID: <abc@example.com>\r\nIn-Reply-To: <x@y> (Fred's message)\r\n"
                + "References: <r1@a>\r\n <r2@b>\t<r3@c>\r\n\r\n"));
        assertThat(p.messageId()).contains("abc@example.com");
        assertThat(p.inReplyTo()).contains("x@y");
        assertThat(p.references()).containsExactly("r1@a", "r2@b", "r3@c");
        ParsedMessage bare = parse(ascii("Message-ID: bare-id@example.com\r\n\r\n"));
        assertThat(bare.messageId()).contains("bare-id@example.com");
        assertThat(bare.inReplyTo()).isEmpty();
        assertThat(bare.references()).isEmpty();
    }

    @Test
    void sentDateShouldBeParsedLeniently() {
        assertThat(parse(ascii("Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n\r\n")).sentDate())
                .contains(Instant.parse("1994-02-08T05:52:25Z"));
        assertThat(parse(ascii("Date: 7 Feb 94 21:52 EST\r\n\r\n")).sentDate())
                .contains(Instant.parse("1994-02-08T02:52:00Z"));
        assertThat(parse(ascii("Date: Thu, 05 Mar 2026 12:00:00 GMT\r\n\r\n")).sentDate())
                .contains(Instant.parse("2026-03-05T12:00:00Z"));
        assertThat(parse(ascii("Date: yesterday-ish\r\n\r\n")).sentDate()).isEmpty();
        assertThat(parse(ascii("Date: 31 Feb 2026 10:00:00 +0000\r\n\r\n")).sentDate()).isEmpty();
        assertThat(parse(ascii("Subject: no date\r\n\r\n")).sentDate()).isEmpty();
    }

    @Test
    void recipientsShouldListToAndCcAddressesWithLowerCaseDomains() {
        ParsedMessage p = parse(ascii("To: A <A@Example.COM>, grp: b@x.org;\r\nCc: c@Y.net\r\nBcc: hidden@z\r\n\r\n"));
        assertThat(p.recipients()).containsExactly("A@example.com", "b@x.org", "c@y.net");
    }

    @Test
    void hasAttachmentsShouldNotCountInlineTextOrUnnamedImages() {
        ParsedMessage inline = parse(ascii("Content-Type: multipart/related; boundary=r\r\n\r\n--r\r\n"
                + "Content-Type: text/html\r\n\r\n<img src=cid:x>\r\n--r\r\nContent-Type: image/gif\r\n"
                + "Content-ID: <x>\r\n\r\nR0lG\r\n--r--\r\n"));
        assertThat(inline.hasAttachments()).isFalse();
        ParsedMessage named = parse(ascii("Content-Type: multipart/mixed; boundary=r\r\n\r\n--r\r\n"
                + "Content-Type: application/pdf; name=a.pdf\r\n\r\nJVBE\r\n--r--\r\n"));
        assertThat(named.hasAttachments()).isTrue();
    }

    @Test
    void searchTextShouldHoldDecodedHeadersAndTextAndBeCapped() {
        ParsedMessage p = parse(ascii("From: =?utf-8?q?J=C3=BCrgen?= <j@x>\r\nTo: t@x\r\nCc: c@x\r\nBcc: b@x\r\n"
                + "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"),
                "needle ".repeat(400_000).getBytes(StandardCharsets.UTF_8));
        assertThat(p.searchText()).startsWith("Jürgen <j@x>\nt@x\nc@x\nb@x\nGrüße\nneedle needle");
        assertThat(p.searchText()).hasSize(ParseLimits.DEFAULTS.searchTextLength());
        assertThat(List.of(p.root().bodyEnd())).containsExactly(p.root().bodyStart() + 7L * 400_000);
    }
}
