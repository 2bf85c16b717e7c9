package dev.mailwright.delivery.dsn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.james.mime4j.codec.EncoderUtil;


/**
 * Builds a non-delivery report (RFC 3464 {@code multipart/report; report-type=delivery-status}, RFC 3462)
 * for the sender of a message that could not be delivered to some recipients. The report carries the
 * original message's header only (never its body), so a bounce cannot be used to reflect content.
 */
public final class DeliveryStatusNotification {
    private static final int MAX_ORIGINAL_HEADER = 64 * 1024;
    private static final DateTimeFormatter RFC_5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private DeliveryStatusNotification() {
    }

    /** One recipient that failed, with the remote (or local) reason. */
    public record FailedRecipient(String address, String status, String diagnostic, String remoteMta) {
    }

    /**
     * The human-readable part, in the reader's language (from the message bundles, keys {@code mail.dsn.*}).
     *
     * @param from     the display name of the report's From (e.g. "Mail Delivery System")
     * @param intro    the line above the list of failed recipients
     * @param attached the line below it, saying the original header is attached
     */
    public record Texts(Locale locale, String from, String subject, String intro, String attached) {
    }

    public static byte[] build(String reportingMta, String postmaster, String sender, List<FailedRecipient> failures,
                               InputStream original, ZonedDateTime now, Texts texts) throws IOException {
        String boundary = "=_mailwright_" + UUID.randomUUID();
        String date = RFC_5322_DATE.format(now);
        StringBuilder sb = new StringBuilder();
        sb.append("From: ").append(EncoderUtil.encodeAddressDisplayName(oneLine(texts.from()))).append(" <").append(postmaster).append(">\r\n");
        sb.append("To: <").append(sender).append(">\r\n");
        sb.append("Subject: ").append(EncoderUtil.encodeIfNecessary(oneLine(texts.subject()), EncoderUtil.Usage.TEXT_TOKEN, 9)).append("\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        sb.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(reportingMta).append(">\r\n");
        sb.append("Auto-Submitted: auto-replied\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        sb.append("\r\n");
        sb.append("This is a MIME-encapsulated message.\r\n\r\n");

        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/plain; charset=utf-8\r\n");
        sb.append("Content-Language: ").append(texts.locale().toLanguageTag()).append("\r\n\r\n");
        sb.append(oneLine(texts.intro())).append("\r\n\r\n");
        for (FailedRecipient f : failures) {
            sb.append("  <").append(f.address()).append(">: ").append(oneLine(f.diagnostic())).append("\r\n");
        }
        sb.append("\r\n").append(oneLine(texts.attached())).append("\r\n\r\n");

        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: message/delivery-status\r\n\r\n");
        sb.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        sb.append("Arrival-Date: ").append(date).append("\r\n");
        for (FailedRecipient f : failures) {
            sb.append("\r\n");
            sb.append("Final-Recipient: rfc822; ").append(f.address()).append("\r\n");
            sb.append("Action: failed\r\n");
            sb.append("Status: ").append(f.status()).append("\r\n");
            if (f.remoteMta() != null && !f.remoteMta().isBlank()) {
                sb.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
            }
            sb.append("Diagnostic-Code: smtp; ").append(oneLine(f.diagnostic())).append("\r\n");
        }
        sb.append("\r\n");

        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/rfc822-headers\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(headerOf(original));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Whether a message is itself automatic (a bounce or auto-reply) and must never be bounced again. */
    public static boolean isNullSender(String sender) {
        return sender == null || sender.isEmpty();
    }

    private static byte[] headerOf(InputStream original) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int prev3 = -1;
        int prev2 = -1;
        int prev1 = -1;
        int b;
        while (header.size() < MAX_ORIGINAL_HEADER && (b = original.read()) != -1) {
            header.write(b);
            if (prev3 == '\r' && prev2 == '\n' && prev1 == '\r' && b == '\n') {
                return java.util.Arrays.copyOf(header.toByteArray(), header.size() - 2);
            }
            prev3 = prev2;
            prev2 = prev1;
            prev1 = b;
        }
        if (prev1 != '\n') {
            header.write('\r');   // a header cut at the size cap, or a message without body: end the line
            header.write('\n');
        }
        return header.toByteArray();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\r\n]+", " ").strip();
    }
}
