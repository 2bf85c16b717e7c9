package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.imap.session.SessionContext.TlsOffer;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;

/**
 * The ingest corpus ({@code src/test/resources/mime}) over the wire: ENVELOPE, BODYSTRUCTURE, BODY and the
 * body sections of every message, fetched through an IMAP session, match the corpus's expectations byte for byte.
 */
@SpringBootTest
class ImapCorpusTest {
    private static final String PASSWORD = "corpus-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
    }

    @Autowired
    ImapServer server;
    @Autowired
    MailwrightProperties properties;
    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    MailStore store;

    @TestFactory
    Stream<DynamicTest> everyCorpusMessageShouldGoOverTheWireAsTheCorpusExpects() throws Exception {
        Path corpus = Path.of(ImapCorpusTest.class.getResource("/mime").toURI());
        List<Path> messages;
        try (Stream<Path> files = Files.list(corpus)) {
            messages = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        String user = ImapTestSupport.uniqueAddress("corpus");
        AccountId account = accounts.createAccount(user, encoder.encode(PASSWORD), false).id();
        List<Long> uids = new ArrayList<>();
        for (Path eml : messages) {
            uids.add(store.deliver(MessageSource.of(load(eml)), List.of(account)).deliveries().getFirst().uid());
        }
        PipeConnection connection = new PipeConnection("corpus");
        Thread session = Thread.ofVirtual().start(() -> {
            try {
                new ImapConnectionHandler(server, properties, TlsOffer.NONE).serve(connection);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        command(connection, "l1", "LOGIN \"" + user + "\" " + PASSWORD, true);
        command(connection, "s1", "EXAMINE INBOX", true);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Path eml = messages.get(i);
            long uid = uids.get(i);
            int msn = i + 1;
            tests.add(DynamicTest.dynamicTest(eml.getFileName().toString(), () -> check(connection, eml, uid, msn)));
        }
        tests.add(DynamicTest.dynamicTest("logout", () -> {
            command(connection, "z", "LOGOUT", false);
            session.join(5000);
            assertThat(session.isAlive()).isFalse();
        }));
        return tests.stream();
    }

    private void check(PipeConnection connection, Path eml, long uid, int msn) throws Exception {
        String name = eml.getFileName().toString();
        Path expected = eml.resolveSibling(name.substring(0, name.length() - 4) + ".expected");
        int n = 0;
        for (String line : Files.readAllLines(expected, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            String tag = "f" + (++n);
            switch (key) {
                case "ENVELOPE", "BODYSTRUCTURE", "BODY" -> assertThat(command(connection, tag, "UID FETCH " + uid + " (" + key + ")", true))
                        .as(name + " " + key)
                        .isEqualTo("* " + msn + " FETCH (UID " + uid + " " + key + " " + value.replace("<CRLF>", "\r\n") + ")\r\n");
                case "SECTION", "MIME", "HEADER", "TEXT" -> {
                    int space = value.indexOf(' ');
                    String path = space < 0 ? value : value.substring(0, space);
                    byte[] bytes = unescape(space < 0 ? "" : value.substring(space + 1)).getBytes(StandardCharsets.UTF_8);
                    String section = key.equals("SECTION") ? path : path + "." + key;
                    String actual = command(connection, tag, "UID FETCH " + uid + " (BODY.PEEK[" + section + "])", true);
                    String expectedText = new String(bytes, StandardCharsets.UTF_8);
                    if (expectedText.indexOf('\uFFFD') >= 0) {
                        // 8-bit content the corpus file states as decoded UTF-8: its literal length cannot be restated
                        actual = actual.replaceFirst("\\{\\d+}", "{" + bytes.length + "}");
                    }
                    assertThat(actual).as(name + " " + key + " " + path)
                            .isEqualTo("* " + msn + " FETCH (UID " + uid + " BODY[" + section + "] {" + bytes.length + "}\r\n"
                                    + expectedText + ")\r\n");
                }
                default -> {
                    // SUBJECT, FROM, PREVIEW, ATTACHMENTS, RECIPIENTS are the webmail's, not on the IMAP wire
                }
            }
        }
    }

    /** Sends a command and returns everything before its tagged OK. */
    private static String command(PipeConnection connection, String tag, String text, boolean requireOk) throws IOException {
        connection.toServer.write((tag + " " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = connection.toClient.read(5000);
            if (b < 0) {
                throw new IOException("closed while waiting for " + tag);
            }
            line.write(b);
            if (b == '\n') {
                String l = line.toString(StandardCharsets.UTF_8);
                if (l.startsWith(tag + " ")) {
                    if (requireOk) {
                        assertThat(l).as(text).startsWith(tag + " OK");
                    }
                    return all.toString(StandardCharsets.UTF_8).replaceFirst("(?s)^\\* OK \\[CAPABILITY[^\\r]*\\r\\n", "");
                }
                all.writeBytes(line.toByteArray());
                line.reset();
            }
        }
    }

    static byte[] load(Path eml) throws IOException {
        byte[] raw = Files.readAllBytes(eml);
        if (eml.getFileName().toString().startsWith("lf-")) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 20);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(switch (next) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
