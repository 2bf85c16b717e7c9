package dev.mailwright.smtp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** The header fields the server adds: {@code Received:} (RFC 5321 §4.4), and on submission {@code Message-ID} and {@code Date}. */
final class TraceHeaders {
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^message-id[ \\t]*:");
    private static final Pattern DATE = Pattern.compile("(?im)^date[ \\t]*:");

    private TraceHeaders() {
    }

    /**
     * {@code with}: the protocol per RFC 3848 (SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA). {@code singleRecipient}
     * is named in a {@code for} clause only when there is exactly one, so that Bcc recipients stay hidden.
     * {@code tcpInfo}: {@code ([192.0.2.1])}, or on the MX {@code (verified.name [192.0.2.1]) (fcrdns=pass)}.
     */
    static String received(String heloDomain, String tcpInfo, String hostname, String with, String id,
                           String singleRecipient, ZonedDateTime now) {
        return "Received: from " + sanitize(heloDomain) + " " + sanitize(tcpInfo) + "\r\n"
                + "\tby " + hostname + " (Mailwright) with " + with + " id " + id + "\r\n"
                + "\t" + (singleRecipient.isEmpty() ? "" : "for <" + sanitize(singleRecipient) + ">") + "; "
                + RFC_5322.format(now) + "\r\n";
    }

    /** Message-ID and Date header lines for those the header section lacks. */
    static String missingSubmissionHeaders(String headerSection, String hostname, ZonedDateTime now) {
        StringBuilder sb = new StringBuilder();
        if (!MESSAGE_ID.matcher(headerSection).find()) {
            sb.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        }
        if (!DATE.matcher(headerSection).find()) {
            sb.append("Date: ").append(RFC_5322.format(now)).append("\r\n");
        }
        return sb.toString();
    }

    /** Client-supplied text in a header: no line breaks, no control characters. */
    private static String sanitize(String text) {
        return text.replaceAll("[\\p{Cntrl}]", "?");
    }
}
