package dev.mailwright.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * System flags plus keywords of one message. Keywords keep the case the client first used and compare
 * case-insensitively, as IMAP atoms do.
 */
public record Flags(Set<SystemFlag> system, Set<String> keywords) {
    /** One unmodifiable set per combination of system flags, indexed by the bits of their ordinals. */
    private static final List<Set<SystemFlag>> SYSTEM_SETS = systemSets();

    public static final Flags NONE = new Flags(EnumSet.noneOf(SystemFlag.class), Set.of());

    /**
     * Shares the system flags' set among all flags with the same ones and keeps no keyword set when there are none:
     * a FETCH of a large mailbox builds one of these per message.
     */
    public Flags {
        system = SYSTEM_SETS.get(bits(system));
        if (keywords.isEmpty()) {
            keywords = Set.of();
        } else {
            TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            k.addAll(keywords);
            keywords = Collections.unmodifiableSet(k);
        }
    }

    /** Flags from the bits of their ordinals (see {@link #systemBits}) and keywords as given. */
    static Flags ofBits(int systemBits, Set<String> keywords) {
        return new Flags(SYSTEM_SETS.get(systemBits), keywords);
    }

    /** The system flags as bits: bit {@code n} set for the flag of ordinal {@code n}. */
    public int systemBits() {
        return bits(system);
    }

    private static int bits(Set<SystemFlag> system) {
        int bits = 0;
        for (SystemFlag flag : system) {
            bits |= 1 << flag.ordinal();
        }
        return bits;
    }

    private static List<Set<SystemFlag>> systemSets() {
        SystemFlag[] all = SystemFlag.values();
        List<Set<SystemFlag>> sets = new ArrayList<>(1 << all.length);
        for (int bits = 0; bits < 1 << all.length; bits++) {
            EnumSet<SystemFlag> set = EnumSet.noneOf(SystemFlag.class);
            for (SystemFlag flag : all) {
                if ((bits & 1 << flag.ordinal()) != 0) {
                    set.add(flag);
                }
            }
            sets.add(Collections.unmodifiableSet(set));
        }
        return List.copyOf(sets);
    }

    public static Flags of(SystemFlag... flags) {
        return new Flags(flags.length == 0 ? EnumSet.noneOf(SystemFlag.class) : EnumSet.of(flags[0], flags), Set.of());
    }

    /**
     * Flags from their IMAP names: {@code \\Seen} and the other system flags in any case, keywords as given. A
     * backslash name that is no storable system flag ({@code \\Recent}, unknown ones) is ignored (RFC 3501 §6.4.6),
     * and so is a keyword that is not an IMAP atom (it could not be sent back in a FETCH).
     */
    public static Flags parse(Collection<String> names) {
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : names) {
            if (name.startsWith("\\")) {
                SystemFlag.fromImapName(name).ifPresent(system::add);
            } else if (isAtom(name)) {
                keywords.add(name);
            }
        }
        return new Flags(system, keywords);
    }

    private static boolean isAtom(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0);
    }

    public boolean has(SystemFlag flag) {
        return system.contains(flag);
    }

    public boolean hasKeyword(String keyword) {
        return keywords.contains(keyword);
    }

    public Flags with(Flags other) {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        s.addAll(system);
        s.addAll(other.system);
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        k.addAll(keywords);
        k.addAll(other.keywords);
        return new Flags(s, k);
    }

    public Flags without(Flags other) {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        s.addAll(system);
        s.removeAll(other.system);
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        k.addAll(keywords);
        k.removeAll(other.keywords);
        return new Flags(s, k);
    }
}
