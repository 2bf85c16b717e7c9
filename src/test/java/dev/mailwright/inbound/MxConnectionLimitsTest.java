package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.mailwright.net.TestPorts;

/**
 * The MX port's connection-level limits over real sockets, each client bound to its own 127.0.0.x source address:
 * per-IP connection and message rates (421 4.7.0), the exempt networks, and greylisting in the database (451 4.7.1,
 * passes after the delay, for the whole /24). Bounded by the 2 s greylisting delay plus one context start.
 */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.imap.port=0",
        "mailwright.imaps.port=0",
        "mailwright.submission.port=0",
        "mailwright.submissions.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.bootstrap.accounts[0].address=dave@example.test",
        "mailwright.bootstrap.accounts[0].password=dave-secret",
        "mailwright.inbound.rate-limits.connections-per-window=3",
        "mailwright.inbound.rate-limits.messages-per-window=3",
        "mailwright.inbound.rate-limits.window=10m",
        "mailwright.inbound.rate-limits.exempt=127.0.0.99/32",
        "mailwright.inbound.greylisting.enabled=true",
        "mailwright.inbound.greylisting.delay=2s",
        "mailwright.inbound.greylisting.retry-window=1h",
})
class MxConnectionLimitsTest extends MxTestSupport {
    static final int SMTP_PORT = TestPorts.freePort();
    static final Path DATA_DIR = tempDir("mailwright-inbound-limits");

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) {
        registry.add("mailwright.data-dir", DATA_DIR::toString);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.smtp.bind", () -> "127.0.0.1");
    }

    @Test
    void theFourthConnectionWithinTheWindowIsRefusedWith421AndClosed() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (MxClient client = MxClient.connect("127.0.0.11", SMTP_PORT)) {
                assertThat(client.read().code()).isEqualTo(220);
            }
        }
        try (MxClient client = MxClient.connect("127.0.0.11", SMTP_PORT)) {
            MxClient.Reply refused = client.read();
            assertThat(refused.code()).isEqualTo(421);
            assertThat(refused.text()).contains("4.7.0").contains("Too many connections");
            assertThat(client.closedByServer()).isTrue();
        }
        try (MxClient other = MxClient.connect("127.0.0.12", SMTP_PORT)) {
            assertThat(other.read().code()).as("another address is not affected").isEqualTo(220);
        }
    }

    @Test
    void anExemptNetworkIsNeverLimited() throws Exception {
        for (int i = 0; i < 8; i++) {
            try (MxClient client = MxClient.connect("127.0.0.99", SMTP_PORT)) {
                assertThat(client.read().code()).isEqualTo(220);
            }
        }
    }

    @Test
    void theFourthMessageWithinTheWindowIsRefusedWith421AndTheSessionEnds() throws Exception {
        try (MxClient client = MxClient.connect("127.0.0.21", SMTP_PORT)) {
            client.read();
            client.command("EHLO rate.test");
            for (int i = 0; i < 3; i++) {
                assertThat(client.command("MAIL FROM:<rate" + i + "@sender.test>").code()).isEqualTo(250);
                assertThat(client.command("RSET").code()).isEqualTo(250);
            }
            MxClient.Reply refused = client.command("MAIL FROM:<rate3@sender.test>");
            assertThat(refused.code()).isEqualTo(421);
            assertThat(refused.text()).contains("4.7.0").contains("Too many messages");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void greylistingDefersTheFirstAttemptAndPassesTheRetryAfterTheDelayFromTheSameNetwork() throws Exception {
        String marker = token();
        String sender = marker.toLowerCase() + "@sender.test";
        String message = message(sender, "dave@example.test", marker, "Greylisting test.");
        try (MxClient first = MxClient.connect("127.0.0.31", SMTP_PORT)) {
            first.read();
            MxClient.Reply deferred = first.send(sender, "dave@example.test", message);
            assertThat(deferred.code()).isEqualTo(451);
            assertThat(deferred.text()).contains("4.7.1").contains("Greylisted").contains("retry");
        }
        try (MxClient tooSoon = MxClient.connect("127.0.0.31", SMTP_PORT)) {
            tooSoon.read();
            assertThat(tooSoon.send(sender, "dave@example.test", message).code()).as("before the delay").isEqualTo(451);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM greylist_triplet WHERE sender = ? AND passed_at IS NULL")
                .param(sender).query(Long.class).single()).isEqualTo(1);
        assertThat(inboxWith("dave@example.test", marker)).isEmpty();

        Thread.sleep(2_500);
        try (MxClient retry = MxClient.connect("127.0.0.32", SMTP_PORT)) {   // a neighbour in the same /24
            retry.read();
            MxClient.Reply accepted = retry.send(sender, "dave@example.test", message);
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        assertThat(inboxWith("dave@example.test", marker)).hasSize(1);
        try (MxClient again = MxClient.connect("127.0.0.33", SMTP_PORT)) {
            again.read();
            assertThat(again.send(sender, "dave@example.test", message.replace(marker, marker + "b")).code())
                    .as("a passed triplet passes at once").isEqualTo(250);
        }
        try (MxClient otherSender = MxClient.connect("127.0.0.34", SMTP_PORT)) {
            otherSender.read();
            assertThat(otherSender.send("x" + sender, "dave@example.test", message).code())
                    .as("another sender is a new triplet").isEqualTo(451);
        }
    }

    @Test
    void receivedRecordsTheReverseDnsResult() throws Exception {
        String marker = token();
        try (MxClient client = MxClient.connect("127.0.0.99", SMTP_PORT)) {
            client.read();
            assertThat(client.send("trace@sender.test", "dave@example.test",
                    message("trace@sender.test", "dave@example.test", marker, "Trace.")).code()).isEqualTo(250);
        }
        assertThat(inboxWith("dave@example.test", marker)).singleElement().asString()
                .containsPattern("(?m)^Received: from client\\.test \\((\\S+ )?\\[127\\.0\\.0\\.99\\]\\) \\(fcrdns=\\w+\\)");
    }
}
