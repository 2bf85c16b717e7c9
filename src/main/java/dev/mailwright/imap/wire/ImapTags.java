package dev.mailwright.imap.wire;

/** What RFC 3501 §9 allows as a tag: ASTRING-CHARs except {@code +}. */
public final class ImapTags {
    private ImapTags() {
    }

    public static boolean isValid(String tag) {
        if (tag.isEmpty()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == '+' || !(ImapChars.isAtomChar(c) || c == ']')) {
                return false;
            }
        }
        return true;
    }
}
