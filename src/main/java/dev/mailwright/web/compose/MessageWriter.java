package dev.mailwright.web.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableOutputStream;
import org.apache.james.mime4j.dom.address.Mailbox;

/**
 * Writes an {@link Outgoing} as RFC 5322 / MIME bytes with CRLF line ends: non-ASCII header text as
 * RFC 2047 encoded words, the text as quoted-printable UTF-8, attachments as base64 with RFC 2231
 * file names. Header values never contain CR or LF (checked by {@link ComposeValidator} before).
 */
final class MessageWriter {
    private MessageWriter() {
    }

    /** {@code includeBcc}: drafts keep Bcc so that the draft can be sent later; sent mail never shows it. */
    enum BccHeader { INCLUDED, OMITTED }

    static byte[] write(Outgoing m, String messageId, ZonedDateTime date, BccHeader bcc) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + m.body().length() * 2);
            header(out, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date));
            header(out, "From", address(m.from()));
            if (!m.to().isEmpty()) {
                header(out, "To", addresses(m.to()));
            }
            if (!m.cc().isEmpty()) {
                header(out, "Cc", addresses(m.cc()));
            }
            if (bcc == BccHeader.INCLUDED && !m.bcc().isEmpty()) {
                header(out, "Bcc", addresses(m.bcc()));
            }
            header(out, "Subject", fold(EncoderUtil.encodeIfNecessary(m.subject(), EncoderUtil.Usage.TEXT_TOKEN, 9)));
            header(out, "Message-ID", "<" + messageId + ">");
            if (m.inReplyTo().isPresent()) {
                header(out, "In-Reply-To", "<" + m.inReplyTo().get() + ">");
            }
            if (!m.references().isEmpty()) {
                header(out, "References", m.references().stream().map(r -> "<" + r + ">").collect(Collectors.joining("\r\n ")));
            }
            header(out, "MIME-Version", "1.0");
            if (m.attachments().isEmpty()) {
                bodyPart(out, m);
            } else {
                String boundary = "=_mw_" + UUID.randomUUID();
                header(out, "Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
                ascii(out, "\r\nThis is a multi-part message in MIME format.\r\n");
                ascii(out, "--" + boundary + "\r\n");
                bodyPart(out, m);
                for (Outgoing.Attachment a : m.attachments()) {
                    ascii(out, "\r\n--" + boundary + "\r\n");
                    attachmentPart(out, a);
                }
                ascii(out, "\r\n--" + boundary + "--\r\n");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text alone, or text and HTML as alternatives (plain first, the richer last: RFC 2046 §5.1.4). */
    private static void bodyPart(OutputStream out, Outgoing m) throws IOException {
        if (m.html().isEmpty()) {
            textPart(out, m.body(), "text/plain");
            return;
        }
        String boundary = "=_mw_alt_" + UUID.randomUUID();
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        ascii(out, "\r\n--" + boundary + "\r\n");
        textPart(out, m.body(), "text/plain");
        ascii(out, "\r\n--" + boundary + "\r\n");
        textPart(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" + m.html().get() + "\n</body></html>",
                "text/html");
        ascii(out, "\r\n--" + boundary + "--\r\n");
    }

    private static void textPart(OutputStream out, String body, String type) throws IOException {
        header(out, "Content-Type", type + "; charset=UTF-8");
        header(out, "Content-Transfer-Encoding", "quoted-printable");
        ascii(out, "\r\n");
        String normalized = body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        QuotedPrintableOutputStream qp = new QuotedPrintableOutputStream(out, false);
        qp.write(normalized.getBytes(StandardCharsets.UTF_8));
        qp.flush();
        ascii(out, "\r\n");
    }

    private static void attachmentPart(OutputStream out, Outgoing.Attachment a) throws IOException {
        String name = filenameParameter(a.filename());
        header(out, "Content-Type", a.contentType() + "; name" + name);
        header(out, "Content-Transfer-Encoding", "base64");
        header(out, "Content-Disposition", "attachment; filename" + name);
        ascii(out, "\r\n");
        ascii(out, Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(a.content()));
        ascii(out, "\r\n");
    }

    /** {@code ="report.pdf"} for plain names, RFC 2231 {@code *=UTF-8''...} otherwise. */
    static String filenameParameter(String filename) {
        if (filename.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            return "=\"" + filename + "\"";
        }
        return "*=UTF-8''" + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String address(Mailbox m) {
        String name = m.getName();
        if (name == null || name.isBlank()) {
            return m.getAddress();
        }
        return EncoderUtil.encodeAddressDisplayName(name) + " <" + m.getAddress() + ">";
    }

    private static String addresses(List<Mailbox> list) {
        return list.stream().map(MessageWriter::address).collect(Collectors.joining(",\r\n "));
    }

    /** Folds a long unstructured value at spaces so lines stay near 78 characters (RFC 5322 §2.2.3). */
    static String fold(String value) {
        if (value.length() <= 70) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        int lineLength = 9;
        for (String word : value.split(" ", -1)) {
            if (lineLength + word.length() + 1 > 76 && lineLength > 1) {
                out.append("\r\n ");
                lineLength = 1;
            } else if (!out.isEmpty()) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    private static void header(OutputStream out, String name, String value) throws IOException {
        out.write((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
