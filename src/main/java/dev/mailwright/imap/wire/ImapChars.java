package dev.mailwright.imap.wire;

/** Character classes of the IMAP grammar (RFC 3501 §9). */
public final class ImapChars {
    private ImapChars() {
    }

    /** ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ]. Non-ASCII is allowed (UTF8=ACCEPT). */
    public static boolean isAtomChar(char c) {
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
        return switch (c) {
            case '(', ')', '{', ' ', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    /** Whether {@code s} can be written as an atom. */
    public static boolean isAtom(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isAtomChar(s.charAt(i)) || s.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
