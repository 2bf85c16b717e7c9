package dev.mailwright.imap.session;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /** Parses client flags; {@code \Recent} and unknown system flags are ignored (RFC 3501 §6.4.6). */
    public static Flags parse(List<String> names) {
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : names) {
            if (name.startsWith("\\")) {
                SystemFlag.fromImapName(name).ifPresent(system::add);
            } else {
                keywords.add(name);
            }
        }
        return new Flags(system, keywords);
    }
}
