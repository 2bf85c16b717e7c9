package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.dns.TestDnsServer;
import dev.mailwright.net.TestPorts;

/**
 * The seam between the MX and the store, over real sockets: a check bean added to the context is all it takes
 * for its decisions (Junk, 5xx, 4xx, extra header fields) to reach the wire and the store, and a spoofed
 * {@code Authentication-Results:} claiming our authserv-id is gone from the stored bytes.
 */
@SpringBootTest
@Timeout(120)
class InboundSeamTest extends InboundTestSupport {
    static final TestDnsServer DNS = startDns();
    static final int SMTP_PORT = TestPorts.freePort();

    private static TestDnsServer startDns() {
        try {
            return new TestDnsServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, DNS, SMTP_PORT);
    }

    @AfterAll
    static void stopDns() {
        DNS.close();
    }

    /** A check as another package would add one: decides by a word in the Subject. */
    @TestConfiguration
    static class SubjectCheckConfiguration {
        @Bean
        @Order(InboundCheck.CONTENT)
        InboundCheck subjectCheck() {
            return (message, assessment) -> {
                String subject = message.header().first("subject").map(MessageHeader.Field::value).orElse("");
                if (subject.contains("JUNKME")) {
                    assessment.junk("subject asks for it");
                    assessment.headerField("X-Spam-Status", "Yes, test");
                } else if (subject.contains("REJECTME")) {
                    assessment.reject(550, "5.7.1", "Refused by the test check");
                } else if (subject.contains("LATERPLEASE")) {
                    assessment.defer(451, "4.7.1", "Try again later, says the test check");
                }
            };
        }
    }

    @Test
    void acceptedMessagesShouldCarryOurAuthenticationResultsOnTop() throws IOException {
        String marker = token();
        String reply = MxDialogue.send("127.0.0.1", SMTP_PORT, "client.test", "someone@nowhere.test", "bob@example.test",
                message("<someone@nowhere.test>", marker, ""));
        assertThat(reply).startsWith("250 2.0.0");
        assertThat(inbox("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).startsWith("Authentication-Results: mx.example.test;"));
    }

    @Test
    void aCheckAskingForJunkShouldFileTheMessageInANewJunkMailboxWithItsHeader() throws IOException {
        String marker = token();
        String reply = MxDialogue.send("127.0.0.1", SMTP_PORT, "client.test", "someone@nowhere.test", "bob@example.test",
                message("<someone@nowhere.test>", marker + " JUNKME", ""));
        assertThat(reply).startsWith("250 2.0.0");
        assertThat(inbox("bob@example.test", marker)).isEmpty();
        assertThat(junk("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("\r\nX-Spam-Status: Yes, test\r\n"));
        assertThat(store.mailbox(account("bob@example.test"), dev.mailwright.store.SpecialUse.JUNK).orElseThrow().name())
                .isEqualTo("Junk");
    }

    @Test
    void aRejectingCheckShouldRefuseAtTheEndOfDataAndStoreNothing() throws IOException {
        String marker = token();
        String reply = MxDialogue.send("127.0.0.1", SMTP_PORT, "client.test", "someone@nowhere.test", "bob@example.test",
                message("<someone@nowhere.test>", marker + " REJECTME", ""));
        assertThat(reply).isEqualTo("550 5.7.1 Refused by the test check");
        assertThat(inbox("bob@example.test", marker)).isEmpty();
        assertThat(junk("bob@example.test", marker)).isEmpty();
    }

    @Test
    void aDeferringCheckShouldAnswer4xxAndStoreNothing() throws IOException {
        String marker = token();
        String reply = MxDialogue.send("127.0.0.1", SMTP_PORT, "client.test", "someone@nowhere.test", "bob@example.test",
                message("<someone@nowhere.test>", marker + " LATERPLEASE", ""));
        assertThat(reply).isEqualTo("451 4.7.1 Try again later, says the test check");
        assertThat(inbox("bob@example.test", marker)).isEmpty();
    }

    @Test
    void anIncomingAuthenticationResultsClaimingOurIdShouldBeRemovedAndOthersKept() throws IOException {
        String marker = token();
        String spoofed = "Authentication-Results: MX.example.test (forged);\r\n\tdkim=pass header.d=example.test;\r\n\tdmarc=pass\r\n";
        String foreign = "Authentication-Results: relay.other.test; spf=pass smtp.mailfrom=other.test\r\n";
        String reply = MxDialogue.send("127.0.0.1", SMTP_PORT, "client.test", "someone@nowhere.test", "bob@example.test",
                message("<someone@nowhere.test>", marker, spoofed + foreign));
        assertThat(reply).startsWith("250 2.0.0");
        assertThat(inbox("bob@example.test", marker)).singleElement().satisfies(raw -> {
            assertThat(raw).doesNotContain("forged").doesNotContain("dkim=pass header.d=example.test");
            assertThat(raw).contains(foreign);
            assertThat(raw.split("Authentication-Results: mx.example.test", -1)).hasSize(2);
        });
    }
}
