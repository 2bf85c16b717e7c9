package dev.mailwright.sieve;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one run: the actions to carry out (a keep among them unless something cancelled it) and, when the
 * script failed at run time, why. A failed run's actions are a single keep: an error never loses mail.
 */
public record SieveResult(List<SieveAction> actions, Optional<String> error) {
    public SieveResult {
        actions = List.copyOf(actions);
    }
}
