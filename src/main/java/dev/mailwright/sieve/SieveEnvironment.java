package dev.mailwright.sieve;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What a run may ask of the world besides the message: the clock and the local zone ({@code date},
 * {@code currentdate}), the scripts {@code include} names, and whether {@code duplicate} saw a message before.
 * The delivery layer supplies the real ones; {@link #DETACHED} answers "nothing there". {@code activeScript}: the
 * name of the script being run, so that a personal {@code include} of it is seen as the loop it is.
 */
public record SieveEnvironment(Clock clock, ZoneId zone, Includes includes, Duplicates duplicates, String activeScript) {
    public static final SieveEnvironment DETACHED = new SieveEnvironment(Clock.systemUTC(), ZoneOffset.UTC,
            (location, name) -> Optional.empty(), (key, now) -> false, "");

    /** RFC 6609 §2.2: where an included script lives. */
    public enum Location { PERSONAL, GLOBAL }

    /** The text of a script {@code include} names, empty when there is none. */
    @FunctionalInterface
    public interface Includes {
        Optional<String> load(Location location, String name);
    }

    /**
     * Whether a duplicate-tracking {@code key} (a digest of handle and unique id, {@link SieveResult.DuplicateMark})
     * was recorded and has not expired at {@code now}.
     */
    @FunctionalInterface
    public interface Duplicates {
        boolean seen(String key, Instant now);
    }
}
