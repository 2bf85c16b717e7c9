package dev.mailwright.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.delivery.dkim.DkimKeys;
import dev.mailwright.delivery.dkim.DkimTestSupport;
import dev.mailwright.delivery.dkim.DkimVerifier;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.UidSet;
import dev.mailwright.net.TestPorts;

/**
 * Two Mailwright instances on loopback: alice submits on A (implicit TLS, AUTH) to bob@other.test; A's
 * queue worker delivers over SMTP to B's MX port (static route, opportunistic STARTTLS); the message lands
 * in bob's INBOX on B with a DKIM signature that verifies against A's key.
 */
@Timeout(300)
class TwoInstanceDeliveryTest {


    private static ConfigurableApplicationContext start(Path dataDir, String hostname, String domain, String user, String... extra)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--mailwright.data-dir=" + dataDir,
                "--mailwright.hostname=" + hostname,
                "--mailwright.domains=" + domain,
                "--server.port=0",
                "--mailwright.smtp.port=" + TestPorts.freePort(),
                "--mailwright.submission.port=0",
                "--mailwright.submissions.port=" + TestPorts.freePort(),
                "--mailwright.imap.port=0",
                "--mailwright.imaps.port=0",
                "--mailwright.bootstrap.accounts[0].address=" + user + "@" + domain,
                "--mailwright.bootstrap.accounts[0].password=" + user + "-secret"));
        args.addAll(List.of(extra));
        return SpringApplication.run(MailwrightApplication.class, args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context, String key) {
        return context.getEnvironment().getRequiredProperty(key, Integer.class);
    }

    @Test
    void messageSubmittedOnAShouldArriveSignedInBobsInboxOnB(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
        try (ConfigurableApplicationContext b = start(dirB, "mx.other.test", "other.test", "bob");
             ConfigurableApplicationContext a = start(dirA, "mail.example.test", "example.test", "alice",
                     "--mailwright.delivery.workers=2",
                     "--mailwright.delivery.poll-interval=200ms",
                     "--mailwright.delivery.routes[0].domain=other.test",
                     "--mailwright.delivery.routes[0].host=127.0.0.1",
                     "--mailwright.delivery.routes[0].port=" + port(b, "mailwright.smtp.port"),
                     "--mailwright.delivery.routes[0].tls=OPPORTUNISTIC")) {

            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(port(a, "mailwright.submissions.port")));
            props.put("mail.smtp.ssl.enable", "true");
            props.put("mail.smtp.ssl.trust", "*");
            props.put("mail.smtp.auth", "true");
            props.put("mail.smtp.connectiontimeout", "10000");
            props.put("mail.smtp.timeout", "10000");
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("alice@example.test", "Alice"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@other.test"));
            message.setSubject("across the wire");
            message.setText("Hello Bob, this went from A to B.\n");
            Transport.send(message, "alice@example.test", "alice-secret");

            MailStore storeB = b.getBean(MailStore.class);
            AccountId bob = b.getBean(AccountStore.class).findAccount("bob@other.test").orElseThrow().id();
            MailboxInfo inbox = storeB.mailbox(bob, "INBOX").orElseThrow();
            List<MessageMeta> arrived = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (arrived.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                storeB.forEachMeta(inbox.id(), UidSet.ALL, arrived::add);
            }

            assertThat(arrived).singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo("across the wire"));
            OutboundQueue queueA = a.getBean(OutboundQueue.class);
            while (queueA.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);   // B commits before A has read its 250 and completed the entry
            }
            assertThat(queueA.size()).isZero();
            byte[] raw;
            try (InputStream in = storeB.openMessage(arrived.getFirst().blobHash())) {
                raw = in.readAllBytes();
            }
            String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("Received: from mail.example.test").contains("Hello Bob, this went from A to B.");
            assertThat(text).contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test;");
            assertThat(DkimTestSupport.verifierFor(a.getBean(DkimKeys.class).forDomain("example.test").getPublic()).verify(raw, 5).getFirst())
                    .extracting(DkimVerifier.Result::status, DkimVerifier.Result::domain, DkimVerifier.Result::selector)
                    .containsExactly(DkimVerifier.Status.PASS, "example.test", "mailwright");
        }
    }
}
