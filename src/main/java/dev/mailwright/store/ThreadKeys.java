package dev.mailwright.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailwright.store.ingest.ParsedMessage;

/**
 * The key that groups a message with its conversation: the root of References, else In-Reply-To, else the
 * message's own Message-ID, else its normalised subject. Replies therefore share the key of the first message.
 */
final class ThreadKeys {
    static final int MAX_LENGTH = 128;
    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "\\s*+(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|tr)(?:\\[\\d++])?\\s*+:|\\[[^]]*+])\\s*+", Pattern.CASE_INSENSITIVE);

    private ThreadKeys() {
    }

    static String of(ParsedMessage message) {
        if (!message.references().isEmpty()) {
            return idKey(message.references().getFirst());
        }
        if (message.inReplyTo().isPresent()) {
            return idKey(message.inReplyTo().get());
        }
        if (message.messageId().isPresent()) {
            return idKey(message.messageId().get());
        }
        return "s:" + sha256(normalizeSubject(message.subject())).substring(0, 40);
    }

    static String normalizeSubject(String subject) {
        String s = subject == null ? "" : subject;
        // prefixes are skipped by moving the region's start: each character is read once, however many "Re:"
        Matcher prefix = REPLY_PREFIX.matcher(s);
        int start = 0;
        while (start < s.length() && prefix.region(start, s.length()).lookingAt() && prefix.end() > start) {
            start = prefix.end();
        }
        return s.substring(start).trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String idKey(String id) {
        String key = "m:" + id.trim().toLowerCase(Locale.ROOT);
        return key.length() <= MAX_LENGTH ? key : "h:" + sha256(key);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
