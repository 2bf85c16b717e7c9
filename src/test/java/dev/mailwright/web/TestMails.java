package dev.mailwright.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.mailwright.store.MessageSource;

/** Raw RFC 5322 messages for the web tests (CRLF line ends). */
final class TestMails {
    private TestMails() {
    }

    static MessageSource plain(String from, String to, String subject, String body) {
        return raw("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + "." + System.nanoTime() + "@example.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n");
    }

    static MessageSource html(String from, String to, String subject, String html) {
        return raw("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: Thu, 26 Nov 2026 11:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain version\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--alt--\r\n");
    }

    static MessageSource withAttachment(String from, String to, String subject, String filename, byte[] content) {
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
        return raw("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: Thu, 26 Nov 2026 12:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
                + "--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attachment.\r\n"
                + "--mix\r\nContent-Type: text/html; name=\"" + filename + "\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n\r\n" + encoded + "\r\n--mix--\r\n");
    }

    static MessageSource raw(String text) {
        return MessageSource.of(text.getBytes(StandardCharsets.UTF_8));
    }
}
