package dev.mailwright.store;

import java.util.OptionalLong;

/** An account's limits; an empty limit is unlimited. {@code storageBytes} counts raw message octets. */
public record Quota(OptionalLong storageBytes, OptionalLong messages) {
    public static final Quota UNLIMITED = new Quota(OptionalLong.empty(), OptionalLong.empty());

    public Quota {
        if (storageBytes.orElse(0) < 0 || messages.orElse(0) < 0) {
            throw new IllegalArgumentException("A quota cannot be negative");
        }
    }

    public static Quota of(Long storageBytes, Long messages) {
        return new Quota(storageBytes == null ? OptionalLong.empty() : OptionalLong.of(storageBytes),
                messages == null ? OptionalLong.empty() : OptionalLong.of(messages));
    }

    public boolean unlimited() {
        return storageBytes.isEmpty() && messages.isEmpty();
    }

    /** What an account holds now, against its limits. */
    public record Usage(long storageBytes, long messages, Quota limits) {

        /** At or above a limit: nothing more fits (SMTP RCPT answers 452 4.2.2). */
        public boolean full() {
            return limits.storageBytes.stream().anyMatch(max -> storageBytes >= max)
                    || limits.messages.stream().anyMatch(max -> messages >= max);
        }

        /** Whether {@code moreMessages} messages of {@code moreBytes} octets in all still fit. */
        public boolean fits(long moreMessages, long moreBytes) {
            return limits.storageBytes.stream().allMatch(max -> storageBytes + moreBytes <= max)
                    && limits.messages.stream().allMatch(max -> messages + moreMessages <= max);
        }
    }
}
