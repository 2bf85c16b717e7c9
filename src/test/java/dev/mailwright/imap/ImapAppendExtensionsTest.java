package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Quota;

/**
 * BINARY (RFC 3516), MULTIAPPEND (RFC 3502) and CATENATE (RFC 4469) over a real socket, with small limits so each
 * limit is reached: literal8 in APPEND and in FETCH answers, the count and size limits of one APPEND and of one
 * CATENATE, and all-or-nothing when a later message fails. Bounded: 120 s for the class.
 */
@SpringBootTest
@Timeout(120)
class ImapAppendExtensionsTest extends ImapListenerTest {
    private static final String PASSWORD = "append-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
        registry.add("mailwright.imap-limits.append-limit", () -> "1KB");
        registry.add("mailwright.imap-limits.max-append-total", () -> "2KB");
        registry.add("mailwright.imap-limits.max-append-messages", () -> "3");
        registry.add("mailwright.imap-limits.max-catenate-parts", () -> "3");
    }

    private RawImapClient login(AccountStore.Account account) throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        client.socket().setSoTimeout(20_000);
        client.line();
        client.send("l1 LOGIN \"" + account.address() + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        return client;
    }

    private static String message(int bodyBytes) {
        return "From: a@example.test\r\nSubject: m\r\n\r\n" + "x".repeat(bodyBytes) + "\r\n";
    }

    private static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.ISO_8859_1).length + "+}\r\n" + text;
    }

    private static String messages(RawImapClient client, String tag) throws Exception {
        client.send(tag + " STATUS INBOX (MESSAGES)\r\n");
        return client.until(tag).getFirst();
    }

    @Test
    void capabilityShouldAdvertiseBinaryMultiappendAndCatenate() throws Exception {
        try (RawImapClient client = login(newAccount("caps", PASSWORD))) {
            client.send("c1 CAPABILITY\r\n");
            assertThat(client.until("c1").getFirst()).contains(" BINARY", " MULTIAPPEND", " CATENATE");
        }
    }

    @Test
    void binaryFetchShouldAnswerWithLiteral8WhenTheDecodedPartContainsNul() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(("From: a@example.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes(new byte[] {'a', 0, 'b'});
        raw.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = raw.toByteArray();
        try (RawImapClient client = login(newAccount("bin", PASSWORD))) {
            client.send("a1 APPEND INBOX ~{" + bytes.length + "+}\r\n");   // RFC 3516 §4.4: literal8 in APPEND
            client.send(bytes);
            client.send("\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 OK [APPENDUID ");
            client.send("s1 SELECT INBOX\r\n");
            client.until("s1");
            client.send("f1 FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])\r\n");
            List<String> lines = client.until("f1");
            assertThat(lines.getFirst()).isEqualTo("* 1 FETCH (BINARY[1] ~{3}");
            assertThat(lines.get(1)).isEqualTo("\0\1\2 BINARY.SIZE[1] 3)");
            client.send("f2 FETCH 1 (BINARY.PEEK[2] BINARY.PEEK[1]<1.1> BODY.PEEK[1])\r\n");
            lines = client.until("f2");
            assertThat(lines.getFirst()).isEqualTo("* 1 FETCH (BINARY[2] ~{3}");
            assertThat(lines.get(1)).isEqualTo("a\0b BINARY[1]<1> {1}");   // the slice holds no NUL: a plain literal
            assertThat(lines.get(2)).isEqualTo("\1 BODY[1] {4}");
            assertThat(lines.get(3)).isEqualTo("AAEC)");
            assertThat(lines.getLast()).startsWith("f2 OK");
        }
    }

    @Test
    void binaryShouldDecodeALargePartByStreamingAndServeAPartialSliceOfIt() throws Exception {
        AccountStore.Account account = newAccount("large", PASSWORD);
        byte[] data = new byte[3_000_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 7);
        }
        String raw = "From: a@example.test\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(data) + "\r\n";
        // delivered (not appended): far above this test's 1 KB APPENDLIMIT
        store.deliver(dev.mailwright.store.MessageSource.of(raw.getBytes(StandardCharsets.US_ASCII)), List.of(account.id()));
        try (RawImapClient client = login(account)) {
            client.send("s1 EXAMINE INBOX\r\n");
            client.until("s1");
            client.send("f1 FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1]<2999990.100>)\r\n");
            List<String> lines = client.until("f1");
            assertThat(lines.getFirst()).isEqualTo("* 1 FETCH (BINARY.SIZE[1] 3000000 BINARY[1]<2999990> ~{10}");
            StringBuilder expected = new StringBuilder();
            for (int i = 2_999_990; i < 3_000_000; i++) {
                expected.append((char) (i % 7));
            }
            assertThat(lines.get(1)).isEqualTo(expected + ")");
            assertThat(lines.getLast()).startsWith("f1 OK");
        }
    }

    @Test
    void multiappendShouldStoreEveryMessageInOrderUnderOneAppendUid() throws Exception {
        try (RawImapClient client = login(newAccount("multi", PASSWORD))) {
            client.send("a1 APPEND INBOX " + literal(message(10)) + " (\\Flagged) " + literal(message(20)) + " "
                    + literal(message(30)) + "\r\n");
            String ok = client.until("a1").getLast();
            assertThat(ok).matches("a1 OK \\[APPENDUID \\d+ 1:3] APPEND completed");
            client.send("s1 SELECT INBOX\r\n");
            client.until("s1");
            client.send("f1 FETCH 1:* (FLAGS RFC822.SIZE)\r\n");
            assertThat(client.until("f1")).containsExactly(
                    "* 1 FETCH (FLAGS (\\Recent) RFC822.SIZE " + message(10).length() + ")",
                    "* 2 FETCH (FLAGS (\\Flagged \\Recent) RFC822.SIZE " + message(20).length() + ")",
                    "* 3 FETCH (FLAGS (\\Recent) RFC822.SIZE " + message(30).length() + ")",
                    "f1 OK FETCH completed");
        }
    }

    @Test
    void multiappendShouldStoreNothingWhenItHasMoreMessagesThanTheLimit() throws Exception {
        try (RawImapClient client = login(newAccount("count", PASSWORD))) {
            client.send("a1 APPEND INBOX " + literal(message(1)) + " " + literal(message(1)) + " " + literal(message(1))
                    + " " + literal(message(1)) + "\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 NO [LIMIT]");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
        }
    }

    @Test
    void multiappendShouldStoreNothingWhenTheMessagesTogetherExceedTheTotalLimit() throws Exception {
        try (RawImapClient client = login(newAccount("total", PASSWORD))) {
            // each within the 1 KB APPENDLIMIT, the third passes the 2 KB total: refused before its bytes are taken
            client.send("a1 APPEND INBOX " + literal(message(800)) + " " + literal(message(800)) + " " + literal(message(800)) + "\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 NO [TOOBIG]");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
            client.send("a2 APPEND INBOX " + literal(message(800)) + " " + literal(message(800)) + "\r\n");
            assertThat(client.until("a2").getLast()).startsWith("a2 OK [APPENDUID ");
        }
    }

    @Test
    void multiappendShouldStoreNothingWhenTheTotalExceedsTheQuota() throws Exception {
        AccountStore.Account account = newAccount("quota", PASSWORD);
        accounts.setQuota(account.id(), new Quota(OptionalLong.empty(), OptionalLong.of(3)));
        try (RawImapClient client = login(account)) {
            client.send("a1 APPEND INBOX " + literal(message(1)) + "\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 OK");
            // one more fits, three do not: the whole APPEND fails (RFC 3502 §6.3.11)
            client.send("a2 APPEND INBOX " + literal(message(1)) + " " + literal(message(1)) + " " + literal(message(1)) + "\r\n");
            assertThat(client.until("a2").getLast()).startsWith("a2 NO [OVERQUOTA]");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 1)");
        }
    }

    @Test
    void appendShouldRefuseMoreLiteralsThanTheLimitsAllowBeforeReadingThem() throws Exception {
        try (RawImapClient client = login(newAccount("lits", PASSWORD))) {
            // max-append-messages x max-catenate-parts = 9 literals; the 10th is refused by the framing, the rest dropped
            StringBuilder command = new StringBuilder("a1 APPEND INBOX CATENATE (");
            for (int i = 0; i < 10; i++) {
                command.append(i == 0 ? "" : " ").append("TEXT ").append(literal("y"));
            }
            client.send(command + ")\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 NO [LIMIT]");
            client.send("n1 NOOP\r\n");
            assertThat(client.until("n1").getLast()).startsWith("n1 OK");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
        }
    }

    @Test
    void catenateShouldRefuseMorePartsThanTheLimit() throws Exception {
        try (RawImapClient client = login(newAccount("parts", PASSWORD))) {
            client.send("a0 APPEND INBOX " + literal(message(5)) + "\r\n");
            assertThat(client.until("a0").getLast()).startsWith("a0 OK");
            client.send("a1 APPEND INBOX CATENATE (URL \"/INBOX/;UID=1\" URL \"/INBOX/;UID=1\" URL \"/INBOX/;UID=1\""
                    + " URL \"/INBOX/;UID=1\")\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 NO [LIMIT]");
            client.send("a2 APPEND INBOX CATENATE (URL \"/INBOX/;UID=1\" URL \"/INBOX/;UID=1\" URL \"/INBOX/;UID=1\")\r\n");
            assertThat(client.until("a2").getLast()).startsWith("a2 OK [APPENDUID ");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 2)");
        }
    }

    @Test
    void catenateShouldAnswerTooBigWhenTheAssembledMessageExceedsTheAppendLimit() throws Exception {
        try (RawImapClient client = login(newAccount("big", PASSWORD))) {
            client.send("a0 APPEND INBOX " + literal(message(600)) + "\r\n");
            assertThat(client.until("a0").getLast()).startsWith("a0 OK");
            client.send("a1 APPEND INBOX CATENATE (URL \"/INBOX/;UID=1\" URL \"/INBOX/;UID=1/;SECTION=TEXT\")\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 NO [TOOBIG]");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 1)");
        }
    }

    @Test
    void catenateShouldNotReachAnotherUsersMailbox() throws Exception {
        AccountStore.Account other = newAccount("other", PASSWORD);
        try (RawImapClient client = login(other)) {
            client.send("a0 APPEND INBOX " + literal(message(5)) + "\r\n");
            assertThat(client.until("a0").getLast()).startsWith("a0 OK");
        }
        try (RawImapClient client = login(newAccount("me", PASSWORD))) {
            String url = "imap://" + other.address().replace("@", "%40") + "@mail.example.test/INBOX/;UID=1";
            client.send("a1 APPEND INBOX CATENATE (URL \"" + url + "\")\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 NO [BADURL " + url + "]");
            assertThat(messages(client, "s1")).isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
        }
    }
}
