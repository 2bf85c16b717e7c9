package dev.mailwright.web.compose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

import dev.mailwright.web.Notice;

/**
 * Checks what the form posted before anything is written: no CR, LF or other control character in any
 * header field (header injection), well-formed addresses, message ids as {@code id-left@id-right}.
 */
final class ComposeValidator {
    private static final Pattern MESSAGE_ID = Pattern.compile("[^\\s<>()\\[\\]\\\\,;:\"@]+@[^\\s<>()\\\\,;:\"@]+");
    private static final Pattern ADDR_SPEC = Pattern.compile("[^\\s<>()\\[\\]\\\\,;:\"@]+@[A-Za-z0-9.-]+");
    static final int MAX_SUBJECT = 998 - "Subject: ".length();

    private final Map<String, Notice> errors = new LinkedHashMap<>();

    Map<String, Notice> errors() {
        return errors;
    }

    /** Any character below U+0020 other than TAB, and DEL, are refused in header fields. */
    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    String headerText(String field, String value, int max) {
        if (hasControl(value)) {
            errors.put(field, Notice.of("compose.error.control"));
            return "";
        }
        if (value.length() > max) {
            errors.put(field, Notice.of("compose.error.tooLong", max));
            return "";
        }
        return value.strip();
    }

    List<Mailbox> addresses(String field, String value) {
        if (hasControl(value)) {
            errors.put(field, Notice.of("compose.error.control"));
            return List.of();
        }
        if (value.isBlank()) {
            return List.of();
        }
        try {
            List<Mailbox> out = new ArrayList<>(DefaultAddressParser.DEFAULT.parseAddressList(value).flatten());
            for (Mailbox m : out) {
                if (m.getDomain() == null || !ADDR_SPEC.matcher(m.getAddress()).matches()) {
                    errors.put(field, Notice.of("compose.error.notAddress", m.getAddress()));
                    return List.of();
                }
            }
            return out;
        } catch (ParseException | RuntimeException e) {
            errors.put(field, Notice.of("compose.error.addresses"));
            return List.of();
        }
    }

    String messageId(String field, String value) {
        String id = stripBrackets(value);
        if (id.isEmpty()) {
            return "";
        }
        if (hasControl(id) || !MESSAGE_ID.matcher(id).matches()) {
            errors.put(field, Notice.of("compose.error.messageId"));
            return "";
        }
        return id;
    }

    List<String> messageIds(String field, String value) {
        if (hasControl(value)) {
            errors.put(field, Notice.of("compose.error.messageIds"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : Arrays.stream(value.split("[\\s,]+")).filter(s -> !s.isBlank()).toList()) {
            String id = messageId(field, part);
            if (!id.isEmpty()) {
                out.add(id);
            }
        }
        return out;
    }

    void error(String field, Notice message) {
        errors.put(field, message);
    }

    static String stripBrackets(String value) {
        String s = value.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1).strip() : s;
    }
}
