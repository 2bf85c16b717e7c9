package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.dns.TestDnsServer;
import dev.mailwright.inbound.spam.InboundCounters;
import dev.mailwright.net.TestPorts;

/**
 * DNS block and allow lists and forward-confirmed reverse DNS on the MX port, answered by a real DNS server on
 * loopback ({@link TestDnsServer}), each client on its own 127.0.0.x source address. Budget: one context start.
 */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.imap.port=0",
        "mailwright.imaps.port=0",
        "mailwright.submission.port=0",
        "mailwright.submissions.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.bootstrap.accounts[0].address=frank@example.test",
        "mailwright.bootstrap.accounts[0].password=frank-secret",
        "mailwright.bootstrap.accounts[1].address=postmaster@example.test",
        "mailwright.bootstrap.accounts[1].password=postmaster-secret",
        "mailwright.inbound.rate-limits.exempt=",
        "mailwright.inbound.dns-lists.block-zones=bl.test",
        "mailwright.inbound.dns-lists.allow-zones=wl.test",
})
class MxDnsListsTest extends MxTestSupport {
    static final TestDnsServer DNS = startDns();
    static final int SMTP_PORT = TestPorts.freePort();
    static final Path DATA_DIR = tempDir("mailwright-inbound-dnsl");

    @Autowired
    InboundCounters counters;

    private static TestDnsServer startDns() {
        try {
            return new TestDnsServer()
                    .a("41.0.0.127.bl.test", "127.0.0.2")                      // listed
                    .a("42.0.0.127.bl.test", "127.0.0.2").a("42.0.0.127.wl.test", "127.0.0.10")   // listed, but allowed
                    .a("43.0.0.127.bl.test", "127.255.255.254")                // the list refusing the query: no listing
                    .ptr("127.0.0.44", "host44.sender.test").a("host44.sender.test", "127.0.0.44")
                    .ptr("127.0.0.45", "liar.sender.test").a("liar.sender.test", "127.0.0.99");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) {
        registry.add("mailwright.data-dir", DATA_DIR::toString);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.smtp.bind", () -> "127.0.0.1");
        registry.add("mailwright.dns.servers", DNS::address);
        registry.add("mailwright.dns.timeout", () -> "2s");
    }

    @AfterAll
    static void stopDns() {
        DNS.close();
    }

    @Test
    void aBlockListedClientIsRefusedAtRcptExceptForPostmaster() throws Exception {
        long refusedBefore = refused();
        try (MxClient client = MxClient.connect("127.0.0.41", SMTP_PORT)) {
            client.read();
            client.command("EHLO listed.test");
            assertThat(client.command("MAIL FROM:<someone@sender.test>").code()).isEqualTo(250);
            MxClient.Reply refused = client.command("RCPT TO:<frank@example.test>");
            assertThat(refused.code()).isEqualTo(554);
            assertThat(refused.text()).contains("5.7.1").contains("127.0.0.41").contains("bl.test");
            assertThat(client.command("RCPT TO:<postmaster@example.test>").code()).as("postmaster still hears").isEqualTo(250);
        }
        assertThat(refused()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void anAllowListedClientPassesTheBlockList() throws Exception {
        String marker = token();
        try (MxClient client = MxClient.connect("127.0.0.42", SMTP_PORT)) {
            client.read();
            assertThat(client.send("someone@sender.test", "frank@example.test",
                    message("someone@sender.test", "frank@example.test", marker, "Allowed.")).code()).isEqualTo(250);
        }
        assertThat(inboxWith("frank@example.test", marker)).hasSize(1);
    }

    @Test
    void aListOperatorsErrorAnswerIsNotAListing() throws Exception {
        try (MxClient client = MxClient.connect("127.0.0.43", SMTP_PORT)) {
            client.read();
            client.command("EHLO maybe.test");
            client.command("MAIL FROM:<someone@sender.test>");
            assertThat(client.command("RCPT TO:<frank@example.test>").code()).isEqualTo(250);
        }
    }

    @Test
    void receivedCarriesTheForwardConfirmedNameOrTheFailure() throws Exception {
        assertThat(receivedFrom("127.0.0.44")).contains("Received: from client.test (host44.sender.test [127.0.0.44]) (fcrdns=pass)");
        assertThat(receivedFrom("127.0.0.45")).contains("Received: from client.test ([127.0.0.45]) (fcrdns=fail)");
        assertThat(receivedFrom("127.0.0.46")).contains("Received: from client.test ([127.0.0.46]) (fcrdns=none)");
    }

    private String receivedFrom(String source) throws IOException {
        String marker = token();
        try (MxClient client = MxClient.connect(source, SMTP_PORT)) {
            client.read();
            MxClient.Reply reply = client.send("trace@sender.test", "frank@example.test",
                    message("trace@sender.test", "frank@example.test", marker, "Trace."));
            assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        }
        return inboxWith("frank@example.test", marker).getFirst();
    }

    private long refused() {
        return counters.lastDay().stream().filter(c -> c.domain().equals("example.test"))
                .mapToLong(InboundCounters.DomainCounts::refused).sum();
    }
}
