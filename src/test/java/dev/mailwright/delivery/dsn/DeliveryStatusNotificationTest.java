package dev.mailwright.delivery.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import java.util.Properties;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class DeliveryStatusNotificationTest {
    private static final String ORIGINAL = "From: alice@example.test\r\nTo: bob@other.test\r\nSubject: secret plans\r\n\r\nBODY MUST NOT BE RETURNED\r\n";

    private static byte[] bounce() throws Exception {
        return DeliveryStatusNotification.build("mail.example.test", "postmaster@example.test", "alice@example.test",
                List.of(new DeliveryStatusNotification.FailedRecipient("bob@other.test", "5.1.1", "550 5.1.1 no such\r\nuser", "mx.other.test")),
                new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.US_ASCII)), ZonedDateTime.parse("2026-11-27T10:00:00Z"),
                new DeliveryStatusNotification.Texts(Locale.KOREAN, "메일 배달 시스템", "배달하지 못한 메일", "배달하지 못했습니다:",
                        "헤더를 첨부합니다."));
    }

    @Test
    void humanPartShouldBeInTheGivenLanguageWithEncodedHeaders() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bounce()));

        assertThat(message.getSubject()).isEqualTo("배달하지 못한 메일");
        assertThat(message.getFrom()[0].toString()).contains("postmaster@example.test");
        assertThat(((jakarta.mail.internet.InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("메일 배달 시스템");
        String raw = new String(bounce(), StandardCharsets.UTF_8);
        assertThat(raw).contains("Content-Language: ko\r\n", "배달하지 못했습니다:\r\n", "헤더를 첨부합니다.\r\n");
        assertThat(raw.substring(0, raw.indexOf("\r\n\r\n"))).as("the message header stays ASCII").matches("\\p{ASCII}*");
    }

    @Test
    void bounceShouldBeAMultipartReportWithThreeParts() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bounce()));

        assertThat(message.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(message.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString()).isEqualTo("alice@example.test");
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
        assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
    }

    @Test
    void deliveryStatusShouldNameRecipientStatusAndRemoteReplyOnOneLine() throws Exception {
        String text = new String(bounce(), StandardCharsets.UTF_8);

        assertThat(text).contains("Reporting-MTA: dns; mail.example.test\r\n", "Final-Recipient: rfc822; bob@other.test\r\n",
                "Action: failed\r\n", "Status: 5.1.1\r\n", "Remote-MTA: dns; mx.other.test\r\n",
                "Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n", "Auto-Submitted: auto-replied\r\n");
    }

    @Test
    void bounceShouldCarryTheOriginalHeaderButNotItsBody() throws Exception {
        String text = new String(bounce(), StandardCharsets.UTF_8);

        assertThat(text).contains("Subject: secret plans\r\n").doesNotContain("BODY MUST NOT BE RETURNED");
    }

    @Test
    void nullSenderShouldBeRecognised() {
        assertThat(DeliveryStatusNotification.isNullSender("")).isTrue();
        assertThat(DeliveryStatusNotification.isNullSender("alice@example.test")).isFalse();
    }
}
