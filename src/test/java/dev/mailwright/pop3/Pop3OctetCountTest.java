package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.net.LineClient;
import dev.mailwright.store.AccountStore;

/**
 * RFC 1939 §5 and §11: LIST, STAT and RETR's {@code +OK} count the octets RETR sends, and for a message APPENDed over
 * IMAP with bare LF line ends they agree with IMAP's RFC822.SIZE (the APPEND stores CRLF). A literal8 (RFC 3516) is
 * kept as sent, and a message stored with bare LF before normalising APPEND still gets the count of what is sent.
 */
@SpringBootTest
@Timeout(120)
class Pop3OctetCountTest extends Pop3TestSupport {
    private static final String PASSWORD = "octet-secret";
    private static final String BARE_LF = "Subject: bare lf\nFrom: a@example.test\n\nline one\n.dotted\nline three\n";
    private static final Pattern SIZE = Pattern.compile("RFC822\\.SIZE (\\d+)");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, true);
        loopbackListener(registry, "pop3");
        loopbackListener(registry, "imap");
    }

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("octets", PASSWORD);
    }

    @Test
    void appendOfABareLfLiteralShouldStoreCrlfSoImapSizeListStatAndRetrAgree() throws Exception {
        long imapSize = imapAppend("{", BARE_LF);
        String crlf = BARE_LF.replace("\n", "\r\n");
        assertThat(imapSize).isEqualTo(crlf.length());
        try (RawPop3Client pop = login()) {
            assertThat(pop.command("STAT")).isEqualTo("+OK 1 " + imapSize);
            assertThat(pop.command("LIST 1")).isEqualTo("+OK 1 " + imapSize);
            assertThat(pop.command("RETR 1")).isEqualTo("+OK " + imapSize + " octets");
            byte[] sent = pop.multilineBytes();
            assertThat(sent).hasSize((int) imapSize);
            assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo(crlf);
        }
    }

    @Test
    void literal8ShouldBeKeptAsSentAndPop3ShouldStillCountWhatItSends() throws Exception {
        long imapSize = imapAppend("~{", BARE_LF);
        assertThat(imapSize).as("a literal8 is binary: its bytes are kept").isEqualTo(BARE_LF.length());
        assertRetrSendsWhatListCounts(BARE_LF.replace("\n", "\r\n"));
    }

    @Test
    void aMessageStoredWithBareLfBeforeShouldBeCountedAsRetrSendsIt() throws Exception {
        deliver(account.id(), BARE_LF);   // the store keeps the bytes it is given, as APPEND did before it normalised
        assertRetrSendsWhatListCounts(BARE_LF.replace("\n", "\r\n"));
    }

    @Test
    void aMessageWithoutALastLineEndShouldBeCountedWithTheCrlfRetrAdds() throws Exception {
        String unended = "Subject: unended\r\n\r\nno line end";
        assertThat(imapAppend("{", unended)).isEqualTo(unended.length());
        assertRetrSendsWhatListCounts(unended + "\r\n");
    }

    private void assertRetrSendsWhatListCounts(String expectedSent) throws IOException {
        try (RawPop3Client pop = login()) {
            assertThat(pop.command("LIST 1")).isEqualTo("+OK 1 " + expectedSent.length());
            assertThat(pop.command("STAT")).isEqualTo("+OK 1 " + expectedSent.length());
            assertThat(pop.command("RETR 1")).isEqualTo("+OK " + expectedSent.length() + " octets");
            assertThat(new String(pop.multilineBytes(), StandardCharsets.UTF_8)).isEqualTo(expectedSent);
        }
    }

    private RawPop3Client login() throws IOException {
        return login(account, PASSWORD);
    }

    /** APPENDs {@code message} to the INBOX as a literal opened by {@code opening} ({@code {} or {@code ~{}); its RFC822.SIZE. */
    private long imapAppend(String opening, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (LineClient imap = LineClient.connect(port("imap"), Duration.ofSeconds(30), LineClient.LineEnds.CRLF_ONLY)) {
            assertThat(imap.line()).startsWith("* OK");
            imap.send("a1 LOGIN \"" + account.address() + "\" \"" + PASSWORD + "\"\r\n");
            assertThat(tagged(imap, "a1").getLast()).startsWith("a1 OK");
            imap.send("a2 APPEND INBOX " + opening + bytes.length + "}\r\n");
            assertThat(imap.line()).startsWith("+");
            imap.send(bytes);
            imap.send("\r\n");
            assertThat(tagged(imap, "a2").getLast()).startsWith("a2 OK");
            imap.send("a3 SELECT INBOX\r\n");
            assertThat(tagged(imap, "a3").getLast()).startsWith("a3 OK");
            imap.send("a4 FETCH 1 RFC822.SIZE\r\n");
            List<String> fetched = tagged(imap, "a4");
            assertThat(fetched.getLast()).startsWith("a4 OK");
            Matcher size = SIZE.matcher(String.join("\n", fetched));
            assertThat(size.find()).as("RFC822.SIZE in %s", fetched).isTrue();
            return Long.parseLong(size.group(1));
        }
    }

    private static List<String> tagged(LineClient imap, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = imap.line();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }
}
