package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** A real SMTP client library (Angus Mail) against each of the three listeners. */
class SmtpAngusClientTest extends SmtpServerTestSupport {

    private static Properties base(int port) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.localhost", "angus.client.test");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "15000");
        return p;
    }

    private static MimeMessage message(Session session, String from, String marker) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setSubject("Angus " + marker);
        message.setText("Hello from Angus\n.leading dot line\n" + marker + "\n", "UTF-8");
        return message;
    }

    @Test
    void mxShouldAcceptMailFromAPlainClient() throws MessagingException {
        String marker = token();
        Session session = Session.getInstance(base(SMTP_PORT));
        MimeMessage message = message(session, "someone@remote.invalid", marker);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));

        Transport.send(message);

        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("from angus.client.test").contains("\r\n.leading dot line\r\n"));
    }

    @Test
    void submissionWithStartTlsShouldDeliverOnceToEachRecipient() throws MessagingException {
        String marker = token();
        Properties p = base(SUBMISSION_PORT);
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        Session session = Session.getInstance(p);
        MimeMessage message = message(session, "alice@example.test", marker);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));
        message.setRecipient(Message.RecipientType.CC, new InternetAddress("carol@example.test"));
        message.addRecipient(Message.RecipientType.BCC, new InternetAddress("bob+copy@example.test"));
        message.addRecipient(Message.RecipientType.BCC, new InternetAddress("alice@example.test"));

        Transport.send(message, "alice@example.test", "alice-secret");

        assertThat(inboxMessagesWith("bob@example.test", marker)).hasSize(1);
        assertThat(inboxMessagesWith("carol@example.test", marker)).hasSize(1);
        assertThat(inboxMessagesWith("alice@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("with ESMTPSA").doesNotContain("Bcc:"));
    }

    @Test
    void submissionsWithImplicitTlsShouldDeliverAMultipartMessage() throws MessagingException {
        String marker = token();
        Properties p = base(SUBMISSIONS_PORT);
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.ssl.trust", "*");
        Session session = Session.getInstance(p);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("bob@example.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("carol@example.test"));
        message.setSubject("Attachment " + marker);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attachment " + marker);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent("a".repeat(100_000), "application/octet-stream");
        attachment.setFileName("data.bin");
        message.setContent(new MimeMultipart(text, attachment));

        Transport.send(message, "bob@example.test", "bob-secret");

        assertThat(inboxMessagesWith("carol@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("data.bin").hasSizeGreaterThan(100_000));
    }

    @Test
    void submissionShouldRefuseAnotherUsersSenderAddress() throws MessagingException {
        Properties p = base(SUBMISSION_PORT);
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        Session session = Session.getInstance(p);
        MimeMessage message = message(session, "bob@example.test", token());
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("carol@example.test"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transport.send(message, "alice@example.test", "alice-secret"))
                .isInstanceOf(MessagingException.class).hasMessageContaining("553");
    }
}
