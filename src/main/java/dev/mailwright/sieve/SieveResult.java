package dev.mailwright.sieve;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one run: the actions to carry out (a keep among them unless something cancelled it) and, when the
 * script failed at run time, why. A failed run's actions are a single keep: an error never loses mail.
 *
 * @param headerEdits the header the stored and redirected copies get when {@code editheader} changed it
 * @param duplicates  what {@code duplicate} tests want remembered once the delivery is stored (RFC 7352 §3: only
 *                    a run that completed records anything)
 */
public record SieveResult(List<SieveAction> actions, Optional<String> error, Optional<HeaderEdits> headerEdits,
                         List<DuplicateMark> duplicates) {
    public SieveResult {
        actions = List.copyOf(actions);
        duplicates = List.copyOf(duplicates);
    }

    public SieveResult(List<SieveAction> actions, Optional<String> error) {
        this(actions, error, Optional.empty(), List.of());
    }

    /**
     * Remember {@code key} (a digest of the handle and the unique id) until {@code expires}. {@code restart}: RFC
     * 7352's {@code :last}, the period counts from this message; otherwise a still-remembered key keeps its expiry.
     */
    public record DuplicateMark(String key, Instant expires, boolean restart) {
    }
}
