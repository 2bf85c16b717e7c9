package dev.mailwright.imap.session;

import java.util.ArrayList;
import java.util.List;

import dev.mailwright.store.Flags;
import dev.mailwright.store.SystemFlag;

/** Converts between IMAP flag atoms and the store's {@link Flags}. {@code \Recent} is session state. */
public final class FlagNames {
    public static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");

    private FlagNames() {
    }

    public static List<String> of(Flags flags, boolean recent) {
        List<String> out = new ArrayList<>();
        for (SystemFlag f : SystemFlag.values()) {
            if (flags.has(f)) {
                out.add(f.imapName());
            }
        }
        if (recent) {
            out.add("\\Recent");
        }
        out.addAll(flags.keywords());
        return out;
    }
}
