package dev.mailwright.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which flags a caller may change, from its rights (RFC 4314 §4): {@code s} \Seen, {@code t} \Deleted, {@code w} every
 * other flag and keyword. A change to a flag the caller may not change is left out, not refused (STORE, APPEND and COPY
 * keep what they may); only a caller who may change no flag at all is refused.
 */
record FlagPermission(boolean seen, boolean deleted, boolean others) {

    static FlagPermission of(Rights rights) {
        return new FlagPermission(rights.has(Right.KEEP_SEEN), rights.has(Right.DELETE_MESSAGES), rights.has(Right.WRITE));
    }

    boolean all() {
        return seen && deleted && others;
    }

    boolean none() {
        return !seen && !deleted && !others;
    }

    private boolean allows(SystemFlag flag) {
        return switch (flag) {
            case SEEN -> seen;
            case DELETED -> deleted;
            case ANSWERED, FLAGGED, DRAFT -> others;
        };
    }

    /** The part of {@code flags} the caller may set or clear. */
    Flags restrict(Flags flags) {
        EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        for (SystemFlag flag : flags.system()) {
            if (allows(flag)) {
                system.add(flag);
            }
        }
        return new Flags(system, others ? flags.keywords() : Set.of());
    }

    /** {@code after} where the caller may change flags, {@code before} where it may not. */
    Flags merge(Flags before, Flags after) {
        EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        for (SystemFlag flag : SystemFlag.values()) {
            if (allows(flag) ? after.has(flag) : before.has(flag)) {
                system.add(flag);
            }
        }
        return new Flags(system, others ? after.keywords() : before.keywords());
    }
}
