package dev.mailwright.net;

/**
 * Text from a peer or a filter that goes into a protocol line, a header field or a log line: printable US-ASCII
 * only (anything else becomes {@code ?}, so CR and LF cannot split a line) and bounded in length.
 */
public final class ProtocolText {
    private ProtocolText() {
    }

    public static String printable(String text, int maxLength) {
        int length = Math.min(text.length(), maxLength);
        StringBuilder clean = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            clean.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return clean.toString();
    }
}
