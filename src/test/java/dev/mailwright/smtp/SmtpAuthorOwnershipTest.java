package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import dev.mailwright.smtp.RawSmtpClient.Reply;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MessageSource;

/**
 * Submission refuses a {@code From:}/{@code Sender:} address the authenticated user does not own (553 5.7.1), with
 * the same ownership decision as the envelope sender: alice owns alice@, its {@code +tag} forms and the alias sales@.
 */
class SmtpAuthorOwnershipTest extends SmtpServerTestSupport {

    private static Reply submitAsAlice(String header, String marker) throws IOException {
        try (RawSmtpClient client = submissionAsAlice()) {
            assertThat(client.command("MAIL FROM:<alice@example.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@example.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            Reply reply = client.command(header + "To: bob@example.test\r\nSubject: " + marker + "\r\n\r\nbody " + marker + "\r\n.");
            assertThat(client.command("NOOP").code()).as("the session goes on").isEqualTo(250);
            return reply;
        }
    }

    @Test
    void fromAnotherUsersAddressShouldAnswer553AndStoreNothing() throws IOException {
        String marker = token();

        Reply reply = submitAsAlice("From: Bob <bob@example.test>\r\n", marker);

        assertThat(reply.code()).isEqualTo(553);
        assertThat(reply.enhanced()).isEqualTo("5.7.1");
        assertThat(reply.last()).contains("<bob@example.test>").contains("not owned by the authenticated user");
        assertThat(inboxMessagesWith("bob@example.test", marker)).isEmpty();
    }

    @Test
    void fromOwnAddressAliasAndTagShouldBeAccepted() throws IOException {
        String own = token();
        String alias = token();
        String tagged = token();

        assertThat(submitAsAlice("From: Alice <alice@example.test>\r\n", own).code()).isEqualTo(250);
        assertThat(submitAsAlice("From: \"Sales\" <SALES@Example.Test>\r\n", alias).code()).isEqualTo(250);
        assertThat(submitAsAlice("From: alice+news@example.test\r\n", tagged).code()).isEqualTo(250);
        assertThat(inboxMessagesWith("bob@example.test", own)).hasSize(1);
        assertThat(inboxMessagesWith("bob@example.test", alias)).hasSize(1);
        assertThat(inboxMessagesWith("bob@example.test", tagged)).hasSize(1);
    }

    @Test
    void aSecondForeignAuthorOrSenderShouldBeRefused() throws IOException {
        assertThat(submitAsAlice("From: alice@example.test, carol@example.test\r\n", token()).code()).isEqualTo(553);
        assertThat(submitAsAlice("From: alice@example.test\r\nFrom: carol@example.test\r\n", token()).code()).isEqualTo(553);
        assertThat(submitAsAlice("From: alice@example.test\r\nSender: carol@example.test\r\n", token()).code()).isEqualTo(553);
        assertThat(submitAsAlice("From: Team: alice@example.test, bob@example.test;\r\n", token()).code()).as("group").isEqualTo(553);
    }

    @Test
    void displayNamesThatLookLikeAddressesShouldNotHideTheRealOne() throws IOException {
        Reply quoted = submitAsAlice("From: \"alice@example.test\" <bob@example.test>\r\n", token());
        Reply commented = submitAsAlice("From: bob@example.test (alice@example.test)\r\n", token());
        Reply external = submitAsAlice("From: ceo@bank.invalid\r\n", token());

        assertThat(quoted.code()).isEqualTo(553);
        assertThat(commented.code()).isEqualTo(553);
        assertThat(external.last()).startsWith("553 5.7.1").contains("<ceo@bank.invalid>");
    }

    /** This context's max-message-size (256 KiB) already refuses such a message at DATA; the check itself is asked here. */
    @Test
    void aFromHiddenBehindAHugeHeaderSectionShouldNotSlipThrough() throws IOException {
        StringBuilder padding = new StringBuilder();
        String line = "X-Padding: " + "p".repeat(900) + "\r\n";
        while (padding.length() < 300 * 1024) {
            padding.append(line);
        }
        byte[] message = (padding + "From: bob@example.test\r\nSubject: hidden\r\n\r\nbody\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AccountStore.Account alice = accounts.findAccount("alice@example.test").orElseThrow();

        Optional<SmtpReply> refused = new AuthorCheck(accounts).check(alice, MessageSource.of(message));
        Optional<SmtpReply> honest = new AuthorCheck(accounts).check(alice,
                MessageSource.of("From: alice@example.test\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        assertThat(refused).hasValueSatisfying(reply -> {
            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.enhanced()).isEqualTo("5.3.4");
            assertThat(reply.text()).contains("Header section too large");
        });
        assertThat(honest).isEmpty();
    }

    @Test
    void aFromWithoutAnyAddressShouldBeRefused() throws IOException {
        Reply reply = submitAsAlice("From: undisclosed\r\n", token());

        assertThat(reply.code()).isEqualTo(553);
        assertThat(reply.last()).contains("names no complete address");
    }

    @Test
    void angusMailSendingAsBobShouldFailWith553() throws Exception {
        String marker = token();
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(SUBMISSION_PORT));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.from", "alice@example.test");   // the envelope is alice's own: only the header lies
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "15000");
        Session session = Session.getInstance(p);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("bob@example.test", "Bob"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("carol@example.test"));
        message.setSubject("Angus " + marker);
        message.setText("forged " + marker, "UTF-8");

        assertThatThrownBy(() -> Transport.send(message, "alice@example.test", "alice-secret"))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + chain(e)).contains("553").contains("5.7.1"));
        assertThat(inboxMessagesWith("carol@example.test", marker)).isEmpty();

        MimeMessage honest = new MimeMessage(session);
        honest.setFrom(new InternetAddress("sales@example.test", "Alice at Sales"));
        honest.setRecipient(Message.RecipientType.TO, new InternetAddress("carol@example.test"));
        honest.setSubject("Angus honest " + marker);
        honest.setText("alias " + marker, "UTF-8");
        Transport.send(honest, "alice@example.test", "alice-secret");
        assertThat(inboxMessagesWith("carol@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("Alice at Sales <sales@example.test>"));
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e.getCause(); t != null && sb.length() < 2000; t = t.getCause()) {
            sb.append(' ').append(t.getMessage());
            if (t instanceof SendFailedException s && s.getNextException() != null) {
                sb.append(' ').append(s.getNextException().getMessage());
            }
        }
        return sb.toString();
    }
}
