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
        if (!recent && flags.keywords().isEmpty()) {
            return SYSTEM_ONLY.get(flags.systemBits());   // most messages of a large mailbox: no list built per FETCH line
        }
        List<String> out = new ArrayList<>(SYSTEM_ONLY.get(flags.systemBits()));
        if (recent) {
            out.add("\\Recent");
        }
        out.addAll(flags.keywords());
        return out;
    }

    private static final SystemFlag[] IN_ORDER = SystemFlag.values();
    /** The names of each combination of system flags, in {@link SystemFlag}'s order, indexed by {@link Flags#systemBits}. */
    private static final List<List<String>> SYSTEM_ONLY = systemOnly();

    private static List<List<String>> systemOnly() {
        List<List<String>> lists = new ArrayList<>(1 << IN_ORDER.length);
        for (int bits = 0; bits < 1 << IN_ORDER.length; bits++) {
            List<String> names = new ArrayList<>();
            for (SystemFlag flag : IN_ORDER) {
                if ((bits & 1 << flag.ordinal()) != 0) {
                    names.add(flag.imapName());
                }
            }
            lists.add(List.copyOf(names));
        }
        return List.copyOf(lists);
    }
}
