package dev.mailwright.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import dev.mailwright.store.AccountStore;

/** Every transcript under {@code imap/transcripts}, run in process twice: fed whole, and byte by byte. */
@SpringBootTest
class ImapTranscriptTest {
    private static final String PASSWORD = "transcript-secret";

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

    @TestFactory
    Stream<DynamicTest> transcriptsShouldPassFedWholeAndByteByByte() throws IOException {
        ImapConnectionHandler handler = new ImapConnectionHandler(server, properties, TlsOffer.NONE);
        return transcripts(List.of(TranscriptRunner.Feed.values()), TranscriptRunner.inProcess(handler), accounts, encoder);
    }

    /** One dynamic test per transcript file and feed, each with a fresh account. */
    static Stream<DynamicTest> transcripts(List<TranscriptRunner.Feed> feeds, TranscriptRunner.Opener opener,
                                           AccountStore accounts, PasswordEncoder encoder) throws IOException {
        Path dir = Path.of("src/test/resources/imap/transcripts");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        String hash = encoder.encode(PASSWORD);
        return files.stream().flatMap(file -> feeds.stream().map(feed ->
                DynamicTest.dynamicTest(file.getFileName() + " " + feed, () -> {
                    String user = ImapTestSupport.uniqueAddress("t");
                    accounts.createAccount(user, hash, false);
                    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
                    Map<String, String> variables = Map.of("user", user, "password", PASSWORD,
                            "user64", b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)),
                            "password64", b64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)),
                            "plain64", b64.encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
                    new TranscriptRunner(opener, variables, feed)
                            .run(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
                })));
    }
}
