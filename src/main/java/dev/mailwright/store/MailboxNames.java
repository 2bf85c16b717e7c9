package dev.mailwright.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Mailbox name rules: {@code /} delimiter, INBOX case-insensitive (also as a prefix), no empty levels. */
final class MailboxNames {
    static final String INBOX = "INBOX";
    static final char DELIMITER = '/';
    static final int MAX_LENGTH = 1024;

    private MailboxNames() {
    }

    /** The stored spelling of a name, or {@link StoreException.MailboxNotAllowed} for a name that cannot exist. */
    static String normalize(String name) {
        if (name == null || name.isEmpty()) {
            throw new StoreException.MailboxNotAllowed("Empty mailbox name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new StoreException.MailboxNotAllowed("Mailbox name too long");
        }
        if (name.charAt(0) == DELIMITER || name.charAt(name.length() - 1) == DELIMITER || name.contains("//")) {
            throw new StoreException.MailboxNotAllowed("Empty hierarchy level in mailbox name: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
                throw new StoreException.MailboxNotAllowed("Invalid character in mailbox name");
            }
        }
        if (name.equalsIgnoreCase(INBOX)) {
            return INBOX;
        }
        if (name.length() > INBOX.length() && name.substring(0, INBOX.length() + 1).toUpperCase(Locale.ROOT).equals(INBOX + DELIMITER)) {
            return INBOX + name.substring(INBOX.length());
        }
        return name;
    }

    static boolean isInbox(String normalized) {
        return INBOX.equals(normalized);
    }

    /** Proper ancestors, outermost first: {@code a/b/c} gives {@code a}, {@code a/b}. */
    static List<String> ancestors(String normalized) {
        List<String> out = new ArrayList<>();
        for (int i = normalized.indexOf(DELIMITER); i >= 0; i = normalized.indexOf(DELIMITER, i + 1)) {
            out.add(normalized.substring(0, i));
        }
        return out;
    }

    static boolean isInferior(String candidate, String parent) {
        return candidate.length() > parent.length() + 1 && candidate.startsWith(parent)
                && candidate.charAt(parent.length()) == DELIMITER;
    }
}
