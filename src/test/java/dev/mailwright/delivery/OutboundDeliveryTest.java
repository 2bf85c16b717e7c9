package dev.mailwright.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.delivery.client.ScriptedSmtpServer;
import dev.mailwright.delivery.dkim.DkimKeys;
import dev.mailwright.delivery.dkim.DkimTestSupport;
import dev.mailwright.delivery.dkim.DkimVerifier;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.UidSet;

/** The queue worker against a scripted remote server on loopback (static route for remote.test). */
@SpringBootTest
@Timeout(300)
class OutboundDeliveryTest {
    private static final AtomicReference<Function<String, String>> SCRIPT = new AtomicReference<>();
    private static final ScriptedSmtpServer REMOTE;

    static {
        try {
            REMOTE = new ScriptedSmtpServer("250-remote.test\r\n250-PIPELINING\r\n250 SIZE 10000000", line -> SCRIPT.get().apply(line));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("mailwright.data-dir", () -> tempDir());
        registry.add("mailwright.hostname", () -> "mail.example.test");
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        registry.add("mailwright.bootstrap.accounts[0].address", () -> "alice@example.test");
        registry.add("mailwright.bootstrap.accounts[0].password", () -> "alice-password");
        registry.add("mailwright.delivery.workers", () -> "0");          // the test drives deliverDue() itself
        registry.add("mailwright.delivery.first-retry", () -> "100ms");
        registry.add("mailwright.delivery.max-lifetime", () -> "3s");
        registry.add("mailwright.delivery.routes[0].domain", () -> "remote.test");
        registry.add("mailwright.delivery.routes[0].host", () -> "127.0.0.1");
        registry.add("mailwright.delivery.routes[0].port", () -> String.valueOf(REMOTE.port()));
        registry.add("mailwright.delivery.routes[0].tls", () -> "NONE");
        registry.add("mailwright.delivery.routes[1].domain", () -> "unreachable.test");
        registry.add("mailwright.delivery.routes[1].host", () -> "127.0.0.1");
        registry.add("mailwright.delivery.routes[1].port", () -> String.valueOf(closedPort()));
        registry.add("mailwright.delivery.routes[1].tls", () -> "NONE");
    }

    /** A loopback port nobody listens on: connecting is refused at once. */
    private static int closedPort() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("mailwright-delivery-test-").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopRemote() throws IOException {
        REMOTE.close();
    }

    @Autowired
    OutboundDelivery delivery;
    @Autowired
    OutboundQueue queue;
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    DkimKeys dkimKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    dev.mailwright.store.SieveScripts sieveScripts;

    private AccountId alice;

    @BeforeEach
    void reset() {
        jdbc.sql("DELETE FROM outbound_queue").update();
        REMOTE.messages.clear();
        REMOTE.received.clear();
        alice = accounts.findAccount("alice@example.test").orElseThrow().id();
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();   // bounces of earlier tests
        store.updateFlags(alice, inbox.id(), UidSet.ALL, MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(dev.mailwright.store.SystemFlag.DELETED), java.util.Optional.empty());
        store.expunge(alice, inbox.id(), java.util.Optional.empty());
    }

    private static String accept(String line) {
        return line.equals("DATA") ? "354 go ahead" : "250 2.0.0 ok";
    }

    private void submit(String subject) {
        String text = "From: Alice <alice@example.test>\r\nTo: bob@remote.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@example.test>\r\n\r\nHello Bob.\r\n";
        store.accept(MessageSource.of(text.getBytes(StandardCharsets.US_ASCII)),
                new MailStore.Envelope("alice@example.test", List.of(), List.of("bob@remote.test")));
    }

    private List<MessageMeta> inbox() {
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        List<MessageMeta> metas = new java.util.ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, metas::add);
        return metas;
    }

    @Test
    void messageShouldBeDeliveredOnTheThirdTryAfterTwoTemporaryFailures() throws Exception {
        AtomicInteger dataReplies = new AtomicInteger();
        SCRIPT.set(line -> line.equals(".") ? (dataReplies.incrementAndGet() <= 2 ? "451 4.3.0 busy, try later" : "250 2.0.0 queued as 42")
                : accept(line));
        submit("third time lucky");

        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(queue.entries()).singleElement().satisfies(e -> assertThat(e.lastError()).hasValueSatisfying(
                error -> assertThat(error).contains("451 4.3.0 busy")));
        assertThat(delivery.deliverDue()).as("not due before the first retry delay").isZero();
        Thread.sleep(150);
        assertThat(delivery.deliverDue()).isEqualTo(1);
        Thread.sleep(250);
        assertThat(delivery.deliverDue()).isEqualTo(1);

        assertThat(queue.size()).isZero();
        assertThat(dataReplies).hasValue(3);
        assertThat(REMOTE.received).filteredOn(l -> l.startsWith("MAIL FROM")).hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("MAIL FROM:<alice@example.test>"));
        assertThat(inbox()).as("no bounce").isEmpty();
    }

    @Test
    void deliveredMessageShouldCarryAValidDkimSignatureOfTheSenderDomain() {
        SCRIPT.set(OutboundDeliveryTest::accept);
        submit("signed");

        delivery.deliverDue();

        assertThat(REMOTE.messages).singleElement().satisfies(message -> {
            assertThat(message).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=mailwright;");
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            assertThat(DkimTestSupport.verifierFor(dkimKeys.forDomain("example.test").getPublic()).verify(bytes, 5).getFirst())
                    .extracting(DkimVerifier.Result::status, DkimVerifier.Result::domain, DkimVerifier.Result::selector)
                    .containsExactly(DkimVerifier.Status.PASS, "example.test", "mailwright");
        });
    }

    @Test
    void permanentFailureShouldBounceADsnWithTheRemoteReplyIntoTheSendersInbox() throws Exception {
        SCRIPT.set(line -> line.startsWith("RCPT") ? "550 5.1.1 <bob@remote.test>: user unknown" : accept(line));
        submit("to nobody");

        delivery.deliverDue();

        assertThat(queue.size()).isZero();
        assertThat(REMOTE.messages).isEmpty();
        List<MessageMeta> inbox = inbox();
        assertThat(inbox).singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo("Undelivered Mail Returned to Sender"));
        try (InputStream in = store.openMessage(inbox.getFirst().blobHash())) {
            String dsn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(dsn).contains("report-type=delivery-status", "Final-Recipient: rfc822; bob@remote.test",
                    "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 <bob@remote.test>: user unknown", "Subject: to nobody");
        }
    }

    /** Issue 16: the human part of a bounce is in the language the sender chose in the webmail's Settings. */
    @Test
    void bounceShouldBeWrittenInTheLanguageTheSenderChose() throws Exception {
        accounts.updateLanguage(alice, "ko");
        try {
            SCRIPT.set(line -> line.startsWith("RCPT") ? "550 5.1.1 <bob@remote.test>: user unknown" : accept(line));
            submit("to nobody in Korean");

            delivery.deliverDue();

            List<MessageMeta> inbox = inbox();
            assertThat(inbox).singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo("배달하지 못한 메일을 돌려보냅니다"));
            try (InputStream in = store.openMessage(inbox.getFirst().blobHash())) {
                String dsn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(dsn).contains("Content-Language: ko", "보내신 메시지를 다음 받는 사람에게 배달하지 못했습니다:",
                        "  <bob@remote.test>: 550 5.1.1 <bob@remote.test>: user unknown", "Status: 5.1.1")
                        .doesNotContain("could not be delivered", "Undelivered Mail");
                assertThat(dsn.lines().filter(l -> l.startsWith("Subject: =?")).count()).as("encoded Korean subject").isEqualTo(1);
            }
        } finally {
            accounts.updateLanguage(alice, "");
        }
    }

    /** Issue 15: a DSN to a local sender is a local delivery like any other, so the sender's Sieve script sorts it. */

    @Test
    void bounceToALocalSenderShouldGoThroughTheSendersSieveScript() throws Exception {
        sieveScripts.put(alice, "bounces", """
                require ["fileinto", "mailbox", "envelope", "imap4flags"];
                if allof (envelope :is "from" "", header :contains "subject" "Undelivered") {
                    fileinto :create :flags "$Bounce" "Bounces";
                }
                """);
        sieveScripts.activate(alice, java.util.Optional.of("bounces"));
        try {
            SCRIPT.set(line -> line.startsWith("RCPT") ? "550 5.1.1 <bob@remote.test>: user unknown" : accept(line));
            submit("sorted bounce");

            delivery.deliverDue();

            assertThat(inbox()).isEmpty();
            MailboxInfo bounces = store.mailbox(alice, "Bounces").orElseThrow();
            List<MessageMeta> sorted = new java.util.ArrayList<>();
            store.forEachMeta(bounces.id(), UidSet.ALL, sorted::add);
            assertThat(sorted).singleElement().satisfies(meta -> {
                assertThat(meta.subject()).isEqualTo("Undelivered Mail Returned to Sender");
                assertThat(meta.flags().hasKeyword("$Bounce")).isTrue();
            });
        } finally {
            sieveScripts.activate(alice, java.util.Optional.empty());
        }
    }

    @Test
    void bounceOfABounceShouldNeverBeSent() {
        SCRIPT.set(line -> line.startsWith("RCPT") ? "550 5.1.1 user unknown" : accept(line));
        store.accept(MessageSource.of("Subject: a bounce\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                new MailStore.Envelope("", List.of(), List.of("bob@remote.test")));

        delivery.deliverDue();

        assertThat(queue.size()).isZero();
        assertThat(queue.entries()).isEmpty();
        assertThat(inbox()).isEmpty();
    }

    @Test
    void messageShouldBounceWhenItsLifetimeEndsWithoutDelivery() throws Exception {
        SCRIPT.set(line -> line.startsWith("MAIL") ? "421 4.7.0 go away" : accept(line));
        submit("never delivered");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (queue.size() > 0 && System.nanoTime() < deadline) {
            delivery.deliverDue();
            Thread.sleep(100);
        }

        assertThat(queue.size()).isZero();
        try (InputStream in = store.openMessage(inbox().getFirst().blobHash())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("Status: 4.4.7", "message expired");
        }
    }

    @Test
    void unreachableHostShouldBeRetriedThenBouncedAtExpiry() throws Exception {
        SCRIPT.set(OutboundDeliveryTest::accept);
        String text = "From: alice@example.test\r\nTo: carol@unreachable.test\r\nSubject: into the void\r\n\r\nhello\r\n";
        store.accept(MessageSource.of(text.getBytes(StandardCharsets.US_ASCII)),
                new MailStore.Envelope("alice@example.test", List.of(), List.of("carol@unreachable.test")));

        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(queue.entries()).singleElement().satisfies(e -> assertThat(e.lastError()).hasValueSatisfying(
                error -> assertThat(error).contains("connection to [127.0.0.1] failed")));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (queue.size() > 0 && System.nanoTime() < deadline) {
            delivery.deliverDue();
            Thread.sleep(100);
        }

        assertThat(queue.size()).isZero();
        try (InputStream in = store.openMessage(inbox().getFirst().blobHash())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("Final-Recipient: rfc822; carol@unreachable.test", "Status: 4.4.7", "connection to [127.0.0.1] failed");
        }
    }

    @Test
    void eightBitMessageShouldBounceWhenTheRemoteDoesNotOffer8bitmime() throws Exception {
        SCRIPT.set(OutboundDeliveryTest::accept);
        store.accept(MessageSource.of("Subject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu\r\n".getBytes(StandardCharsets.UTF_8)),
                new MailStore.Envelope("alice@example.test", List.of(), List.of("bob@remote.test")));

        delivery.deliverDue();

        assertThat(queue.size()).isZero();
        assertThat(REMOTE.messages).isEmpty();
        try (InputStream in = store.openMessage(inbox().getFirst().blobHash())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("Status: 5.6.3", "8BITMIME");
        }
    }

    @Test
    void entryOfAWorkerThatDiedMidDeliveryShouldBeDeliveredAfterItsLease() throws Exception {
        SCRIPT.set(OutboundDeliveryTest::accept);
        submit("survives a crash");
        assertThat(queue.claimDue(10, Duration.ofMillis(300))).hasSize(1);   // a worker that claims, then dies

        assertThat(delivery.deliverDue()).isZero();
        Thread.sleep(400);
        assertThat(delivery.deliverDue()).isEqualTo(1);

        assertThat(REMOTE.messages).hasSize(1);
        assertThat(queue.size()).isZero();
    }

    @Test
    void backoffShouldDoubleUpToTheMaximum() {
        assertThat(delivery.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(delivery.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(delivery.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(delivery.backoff(40)).isEqualTo(Duration.ofHours(4));
    }
}
