package dev.mailwright.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailwright.store.ingest.MessageParser;
import dev.mailwright.store.ingest.MimePart;
import dev.mailwright.store.ingest.ParsedMessage;

/**
 * Test stand-in for the real MIME parser until {@code Mime4jMessageParser} is on the classpath: reads the
 * header block of a single-part text message, enough for the store's own tests (threading, search, sizes).
 */
final class HeaderOnlyTestParser implements MessageParser {

    @Override
    public ParsedMessage parse(dev.mailwright.store.MessageSource raw) {
        String text;
        try (InputStream in = raw.open()) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int split = text.indexOf("\r\n\r\n");
        int bodyStart = split < 0 ? text.length() : split + 4;
        String headers = split < 0 ? text : text.substring(0, split);
        String body = text.substring(bodyStart);
        String subject = header(headers, "Subject").orElse("");
        String from = header(headers, "From").orElse("");
        Optional<String> messageId = header(headers, "Message-ID").map(HeaderOnlyTestParser::stripBrackets);
        Optional<String> inReplyTo = header(headers, "In-Reply-To").map(HeaderOnlyTestParser::stripBrackets);
        List<String> references = new ArrayList<>();
        header(headers, "References").ifPresent(r -> {
            for (String id : r.trim().split("\\s+")) {
                if (!id.isEmpty()) {
                    references.add(stripBrackets(id));
                }
            }
        });
        Optional<Instant> date = header(headers, "Date").flatMap(HeaderOnlyTestParser::date);
        MimePart root = new MimePart("text", "plain", 0, bodyStart, text.length(), List.of(), Optional.empty());
        String envelope = "(NIL \"" + subject + "\" NIL NIL NIL NIL NIL NIL NIL \"" + messageId.orElse("") + "\")";
        String structure = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" " + body.length() + " "
                + body.split("\r\n", -1).length + ")";
        String preview = body.strip().replaceAll("\\s+", " ");
        return new ParsedMessage(envelope, structure, structure, root, subject, from, List.of(), date,
                preview.length() > 200 ? preview.substring(0, 200) : preview, false, messageId, inReplyTo,
                List.copyOf(references), subject + "\n" + from + "\n" + body);
    }

    private static Optional<String> header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String stripBrackets(String id) {
        String s = id.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static Optional<Instant> date(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
