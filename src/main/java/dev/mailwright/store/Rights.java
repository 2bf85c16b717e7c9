package dev.mailwright.store;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A set of {@link Right}s. Parsing accepts RFC 4314's obsolete virtual rights (§2.1.1), and we take the second reading
 * the RFC offers: {@code c} ("create") is {@code k}, {@code d} ("delete") is {@code x t e}. Written out for MYRIGHTS and
 * ACL responses, {@code c} follows when {@code k} is present and {@code d} when any of {@code x t e} is.
 */
public record Rights(Set<Right> rights) {
    public static final Rights NONE = new Rights(EnumSet.noneOf(Right.class));
    public static final Rights ALL = new Rights(EnumSet.allOf(Right.class));

    public Rights {
        EnumSet<Right> copy = EnumSet.noneOf(Right.class);
        copy.addAll(rights);
        rights = Collections.unmodifiableSet(copy);
    }

    public static Rights of(Right... rights) {
        EnumSet<Right> set = EnumSet.noneOf(Right.class);
        set.addAll(java.util.List.of(rights));
        return new Rights(set);
    }

    /**
     * The rights named by {@code letters} ({@code lrswipkxtea}, and {@code c}, {@code d}). Throws
     * {@link IllegalArgumentException} naming the first letter that is no right.
     */
    public static Rights parse(String letters) {
        EnumSet<Right> set = EnumSet.noneOf(Right.class);
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            switch (c) {
                case 'c' -> set.add(Right.CREATE_MAILBOX);
                case 'd' -> set.addAll(EnumSet.of(Right.DELETE_MAILBOX, Right.DELETE_MESSAGES, Right.EXPUNGE));
                default -> set.add(Right.of(c).orElseThrow(() -> new IllegalArgumentException("Unknown right '" + c + "'")));
            }
        }
        return new Rights(set);
    }

    public boolean has(Right right) {
        return rights.contains(right);
    }

    public boolean hasAny(Right... any) {
        for (Right right : any) {
            if (rights.contains(right)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return rights.isEmpty();
    }

    public Rights with(Rights other) {
        EnumSet<Right> set = EnumSet.noneOf(Right.class);
        set.addAll(rights);
        set.addAll(other.rights);
        return new Rights(set);
    }

    public Rights without(Rights other) {
        EnumSet<Right> set = EnumSet.noneOf(Right.class);
        set.addAll(rights);
        set.removeAll(other.rights);
        return new Rights(set);
    }

    /** The stored form: the real rights' letters in canonical order, no virtual ones. */
    public String letters() {
        StringBuilder sb = new StringBuilder(rights.size());
        for (Right right : rights) {
            sb.append(right.letter());
        }
        return sb.toString();
    }

    /** As MYRIGHTS and ACL responses write it: the letters plus the virtual {@code c} and {@code d} (RFC 4314 §2.1.1). */
    public String withVirtualRights() {
        StringBuilder sb = new StringBuilder(letters());
        if (has(Right.CREATE_MAILBOX)) {
            sb.append('c');
        }
        if (hasAny(Right.DELETE_MAILBOX, Right.DELETE_MESSAGES, Right.EXPUNGE)) {
            sb.append('d');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return letters();
    }
}
