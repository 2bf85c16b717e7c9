package dev.mailwright.imap.processor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * The message-part form of an IMAP URL (RFC 5092 §3: {@code imap://[user@]host/mailbox[;UIDVALIDITY=n]/;UID=n
 * [/;SECTION=s][/;PARTIAL=o[.l]]}, or the same path alone, {@code /mailbox;UIDVALIDITY=n/;UID=n...}) as CATENATE
 * references it (RFC 4469 §5). Mailbox and section are percent-decoded UTF-8. Anything else (a message list, a
 * search, URLAUTH, a relative path without a mailbox) is not a message part and parses to empty. Linear in the
 * length of the text, which the command line bounds.
 */
record ImapUrl(Optional<String> user, Optional<String> host, String mailbox, Optional<Long> uidValidity, long uid,
               Optional<String> section, Optional<Long> partialOffset, Optional<Long> partialLength) {

    private static final String SCHEME = "imap://";

    static Optional<ImapUrl> parse(String url) {
        try {
            return Optional.ofNullable(parseOrNull(url));
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static ImapUrl parseOrNull(String url) throws CharacterCodingException {
        Optional<String> user = Optional.empty();
        Optional<String> host = Optional.empty();
        String path = url;
        if (url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            int slash = url.indexOf('/', SCHEME.length());
            if (slash < 0) {
                return null;
            }
            String authority = url.substring(SCHEME.length(), slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userinfo = authority.substring(0, at);
                int auth = userinfo.toUpperCase(Locale.ROOT).indexOf(";AUTH=");
                String name = auth < 0 ? userinfo : userinfo.substring(0, auth);
                if (!name.isEmpty()) {
                    user = Optional.of(decode(name));
                }
                authority = authority.substring(at + 1);
            }
            int colon = authority.lastIndexOf(':');
            String hostName = colon < 0 || authority.endsWith("]") ? authority : authority.substring(0, colon);
            if (hostName.isEmpty()) {
                return null;
            }
            host = Optional.of(hostName);
            path = url.substring(slash);
        }
        if (!path.startsWith("/") || path.startsWith("//")) {
            return null;
        }
        String[] segments = path.substring(1).split(";", -1);
        String mailboxSegment = segments[0];
        if (segments.length < 2) {
            return null;
        }
        Optional<Long> uidValidity = Optional.empty();
        Long uid = null;
        Optional<String> section = Optional.empty();
        Optional<Long> partialOffset = Optional.empty();
        Optional<Long> partialLength = Optional.empty();
        for (int i = 1; i < segments.length; i++) {
            boolean slashBefore = segments[i - 1].endsWith("/");
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (!last) {
                if (!segment.endsWith("/") && !segments[i + 1].toUpperCase(Locale.ROOT).startsWith("UID=")) {
                    // only ";UIDVALIDITY=n" is followed by something other than "/;" (RFC 5092 iuid "/;UID=")
                    return null;
                }
                if (segment.endsWith("/")) {
                    segment = segment.substring(0, segment.length() - 1);
                }
            }
            int eq = segment.indexOf('=');
            if (eq < 0) {
                return null;
            }
            String key = segment.substring(0, eq).toUpperCase(Locale.ROOT);
            String value = segment.substring(eq + 1);
            switch (key) {
                case "UIDVALIDITY" -> {
                    if (i != 1 || slashBefore) {
                        return null;
                    }
                    uidValidity = Optional.of(nzNumber(value));
                }
                case "UID" -> {
                    if (!slashBefore || uid != null) {
                        return null;
                    }
                    uid = nzNumber(value);
                }
                case "SECTION" -> {
                    if (uid == null || section.isPresent()) {
                        return null;
                    }
                    section = Optional.of(decode(value));
                }
                case "PARTIAL" -> {
                    if (uid == null || partialOffset.isPresent()) {
                        return null;
                    }
                    int dot = value.indexOf('.');
                    partialOffset = Optional.of(number(dot < 0 ? value : value.substring(0, dot)));
                    if (dot >= 0) {
                        partialLength = Optional.of(nzNumber(value.substring(dot + 1)));
                    }
                }
                default -> {
                    return null;   // URLAUTH, EXPIRE, a search: not a plain message part of our own
                }
            }
        }
        if (uid == null) {
            return null;
        }
        String mailbox = mailboxSegment.endsWith("/") ? mailboxSegment.substring(0, mailboxSegment.length() - 1) : mailboxSegment;
        if (mailbox.isEmpty()) {
            return null;
        }
        return new ImapUrl(user, host, decode(mailbox), uidValidity, uid, section, partialOffset, partialLength);
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a number: " + digits);
        }
        return Long.parseLong(digits);
    }

    private static long nzNumber(String digits) {
        long n = number(digits);
        if (n == 0) {
            throw new IllegalArgumentException("zero");
        }
        return n;
    }

    /** Percent-decoding to UTF-8 (RFC 3986 §2.1, RFC 5092 §3.2); malformed input is refused. */
    static String decode(String text) throws CharacterCodingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    }
}
