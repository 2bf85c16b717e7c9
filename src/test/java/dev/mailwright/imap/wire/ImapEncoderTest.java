package dev.mailwright.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapResponse.*;

class ImapEncoderTest {

    private static String encode(ImapResponse response, NameEncoding names) {
        return new String(ImapEncoder.toBytes(response, names), StandardCharsets.UTF_8);
    }

    @Test
    void mailboxNamesShouldGoOutInModifiedUtf7UntilUtf8IsEnabled() {
        MailboxListing listing = new MailboxListing(ListKind.LIST, List.of("\\HasNoChildren", "\\Drafts"), "Entwürfe & Co");
        assertThat(encode(listing, NameEncoding.MODIFIED_UTF7)).isEqualTo("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entw&APw-rfe &- Co\"\r\n");
        assertThat(encode(listing, NameEncoding.UTF8)).isEqualTo("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entwürfe & Co\"\r\n");
    }

    @Test
    void quotesAndBackslashesShouldBeEscapedAndLineBreaksSentAsLiteral() {
        assertThat(encode(new MailboxStatus("a\"b\\c", List.of(new StatusValue("MESSAGES", 3))), NameEncoding.UTF8))
                .isEqualTo("* STATUS \"a\\\"b\\\\c\" (MESSAGES 3)\r\n");
        assertThat(encode(new Id(List.of("name", "two\r\nlines")), NameEncoding.UTF8))
                .isEqualTo("* ID (\"name\" {10}\r\ntwo\r\nlines)\r\n");
    }

    @Test
    void fetchShouldWriteBodiesAsLiteralsAndDatesInImapForm() {
        byte[] body = "Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Fetched fetched = new Fetched(3, List.of(new UidValue(9), new InternalDateValue(Instant.parse("2024-02-01T08:05:09Z")),
                new SectionValue("BODY[HEADER]", Optional.of(new BodySource() {
                    @Override
                    public long length() {
                        return body.length;
                    }

                    @Override
                    public java.io.InputStream open() {
                        return new java.io.ByteArrayInputStream(body);
                    }
                })), new SectionValue("BODY[9]", Optional.empty()), new ModSeqValue(12)));
        assertThat(encode(fetched, NameEncoding.MODIFIED_UTF7)).isEqualTo(
                "* 3 FETCH (UID 9 INTERNALDATE \"01-Feb-2024 08:05:09 +0000\" BODY[HEADER] {14}\r\nSubject: x\r\n\r\n BODY[9] NIL MODSEQ (12))\r\n");
    }

    @Test
    void flagFetchesShouldWriteNumbersOfEveryLengthAndFlagsInOrder() {
        for (long n : new long[] {0, 1, 9, 10, 99, 100, 4_294_967_295L, Long.MAX_VALUE}) {
            Fetched fetched = new Fetched(n, List.of(new UidValue(n), new FlagsValue(List.of("\\Seen", "\\Recent", "$Junk")),
                    new ModSeqValue(n), new SizeValue(n)));
            assertThat(encode(fetched, NameEncoding.UTF8)).isEqualTo("* " + n + " FETCH (UID " + n
                    + " FLAGS (\\Seen \\Recent $Junk) MODSEQ (" + n + ") RFC822.SIZE " + n + ")\r\n");
        }
        assertThat(encode(new Fetched(7, List.of(new FlagsValue(List.of()))), NameEncoding.UTF8))
                .isEqualTo("* 7 FETCH (FLAGS ())\r\n");
    }

    @Test
    void outputShouldGoOutInChunksAndTextBeyondLatin1AsQuestionMarks() throws java.io.IOException {
        List<byte[]> writes = new java.util.ArrayList<>();
        ResponseOutput out = new ResponseOutput(writes::add);
        for (int i = 0; i < 20_000; i++) {
            out.number(i);
            out.ascii(' ');
        }
        out.ascii("x\u20ac\u00e9");
        out.utf8(" (\"Gr\u00fc\u00dfe \uD83D\uDCE8\")");
        out.flush();
        assertThat(writes).hasSizeGreaterThan(1).allSatisfy(w -> assertThat(w.length).isLessThan(64 * 1024 + 16));
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        writes.forEach(all::writeBytes);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            expected.append(i).append(' ');
        }
        byte[] bytes = all.toByteArray();
        String latin1 = new String(bytes, 0, expected.length() + 3, StandardCharsets.ISO_8859_1);
        assertThat(latin1).isEqualTo(expected.append("x?\u00e9").toString());
        assertThat(new String(bytes, latin1.length(), bytes.length - latin1.length(), StandardCharsets.UTF_8))
                .isEqualTo(" (\"Gr\u00fc\u00dfe \uD83D\uDCE8\")");
        writes.clear();
        out.flush();
        assertThat(writes).isEmpty();
    }

    @Test
    void binaryValuesShouldBeWrittenAsLiteral8OnlyWhenMarkedAndSizesAsNumbers() {
        byte[] data = {'a', 0, 'b'};
        BodySource source = new BodySource() {
            @Override
            public long length() {
                return data.length;
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(data);
            }
        };
        Fetched fetched = new Fetched(1, List.of(new BinaryValue("BINARY[1]", Optional.of(source), LiteralForm.LITERAL8),
                new BinaryValue("BINARY[2]<0>", Optional.of(source), LiteralForm.LITERAL),
                new BinaryValue("BINARY[3]", Optional.empty(), LiteralForm.LITERAL), new NumberValue("BINARY.SIZE[1]", 3)));
        assertThat(encode(fetched, NameEncoding.UTF8)).isEqualTo(
                "* 1 FETCH (BINARY[1] ~{3}\r\na\0b BINARY[2]<0> {3}\r\na\0b BINARY[3] NIL BINARY.SIZE[1] 3)\r\n");
    }

    @Test
    void taggedAndContinuationResponsesShouldCarryTheirCode() {
        assertThat(encode(new Tagged("a1", Status.NO, Optional.of("TRYCREATE"), "No such mailbox"), NameEncoding.UTF8))
                .isEqualTo("a1 NO [TRYCREATE] No such mailbox\r\n");
        assertThat(encode(new Continuation(""), NameEncoding.UTF8)).isEqualTo("+ \r\n");
    }

    @Test
    void modifiedUtf7ShouldRoundTrip() {
        for (String name : List.of("INBOX", "Entwürfe", "日本語/子", "a&b", "~peter/mail/台北/日本語", "")) {
            assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode(name))).hasValue(name);
        }
        assertThat(ModifiedUtf7.encode("~peter/mail/台北/日本語")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    }

    @Test
    void metadataFetchValuesShouldBeWrittenAsRfc8474And8514And8970Say() {
        Fetched fetched = new Fetched(2, List.of(new SaveDateValue(Optional.of(Instant.parse("2026-12-04T23:05:09Z"))),
                new ObjectIdValue("EMAILID", Optional.of("M7")), new ObjectIdValue("THREADID", Optional.empty()),
                new PreviewValue(Optional.of("say \"hi\""))));
        assertThat(encode(fetched, NameEncoding.UTF8)).isEqualTo(
                "* 2 FETCH (SAVEDATE \"04-Dec-2026 23:05:09 +0000\" EMAILID (M7) THREADID NIL PREVIEW \"say \\\"hi\\\"\")\r\n");
        assertThat(encode(new Fetched(1, List.of(new SaveDateValue(Optional.empty()), new PreviewValue(Optional.empty()))),
                NameEncoding.UTF8)).isEqualTo("* 1 FETCH (SAVEDATE NIL PREVIEW NIL)\r\n");
        assertThat(encode(new MailboxStatus("foo", List.of(new StatusValue("MAILBOXID", "(F3)"), new StatusValue("MESSAGES", 0))),
                NameEncoding.UTF8)).isEqualTo("* STATUS \"foo\" (MAILBOXID (F3) MESSAGES 0)\r\n");
    }
}
