package dev.mailwright.inbound.dkim;

import java.util.List;

import dev.mailwright.delivery.dkim.DkimVerifier;

/** Every DKIM signature's result, top first; kept for DMARC and later checks. */
public record DkimResults(List<DkimVerifier.Result> signatures) {
    public DkimResults {
        signatures = List.copyOf(signatures);
    }

    /** The d= of every signature that passed (a signature valid only up to l= does not). */
    public List<String> passingDomains() {
        return signatures.stream().filter(s -> s.status() == DkimVerifier.Status.PASS).map(DkimVerifier.Result::domain).toList();
    }
}
