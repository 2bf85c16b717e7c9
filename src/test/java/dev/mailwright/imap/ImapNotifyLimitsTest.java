package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.imap.session.SessionContext.TlsOffer;
import dev.mailwright.store.AccountStore;

/**
 * NOTIFY's bounds (mailwright.imap-notify.*), set low: the transcripts under {@code imap/transcripts-notify-limits}
 * overflow the event queue and exceed the MessageNew fetch bound. Each runs in well under ten seconds.
 */
@SpringBootTest
class ImapNotifyLimitsTest {
    private static final String PASSWORD = "notify-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        registry.add("mailwright.imap-notify.max-queued-events", () -> "2");
        registry.add("mailwright.imap-notify.max-new-message-fetches", () -> "1");
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
    Stream<DynamicTest> notifyLimitTranscriptsShouldPass() throws IOException {
        ImapConnectionHandler handler = new ImapConnectionHandler(server, properties, TlsOffer.NONE);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("src/test/resources/imap/transcripts-notify-limits"))) {
            list.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        String hash = encoder.encode(PASSWORD);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String user = ImapTestSupport.uniqueAddress("n");
            accounts.createAccount(user, hash, false);
            new TranscriptRunner(TranscriptRunner.inProcess(handler), Map.of("user", user, "password", PASSWORD),
                    TranscriptRunner.Feed.WHOLE)
                    .run(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        }));
    }

    @Test
    void notifyLimitsShouldRefuseAQueueOfNoEvents() {
        assertThatThrownBy(() -> new MailwrightProperties.ImapNotify(0, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-queued-events");
        assertThatThrownBy(() -> new MailwrightProperties.ImapNotify(10, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-new-message-fetches");
    }
}
