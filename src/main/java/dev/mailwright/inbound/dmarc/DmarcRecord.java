package dev.mailwright.inbound.dmarc;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A parsed {@code v=DMARC1} record (RFC 7489 §6.3); only the tags the receiver acts on. */
record DmarcRecord(DmarcResult.Policy policy, Optional<DmarcResult.Policy> subdomainPolicy, int percent,
                   boolean strictDkim, boolean strictSpf) {

    /** Empty when the text is not a usable DMARC record. */
    static Optional<DmarcRecord> parse(String text) {
        String[] parts = text.split(";");
        if (parts.length == 0 || !parts[0].strip().equals("v=DMARC1")) {
            return Optional.empty();
        }
        Map<String, String> tags = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                tags.putIfAbsent(parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT), parts[i].substring(eq + 1).strip());
            }
        }
        Optional<DmarcResult.Policy> policy = policy(tags.get("p"));
        if (policy.isEmpty()) {
            // §6.6.3: a record without a valid p= but with rua= counts as p=none; otherwise it is no record
            if (!tags.containsKey("rua")) {
                return Optional.empty();
            }
            policy = Optional.of(DmarcResult.Policy.NONE);
        }
        int percent = 100;
        String pct = tags.get("pct");
        if (pct != null && pct.matches("[0-9]{1,3}")) {
            percent = Math.min(100, Integer.parseInt(pct));
        }
        return Optional.of(new DmarcRecord(policy.get(), policy(tags.get("sp")), percent,
                "s".equalsIgnoreCase(tags.get("adkim")), "s".equalsIgnoreCase(tags.get("aspf"))));
    }

    private static Optional<DmarcResult.Policy> policy(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(DmarcResult.Policy.NONE);
            case "quarantine" -> Optional.of(DmarcResult.Policy.QUARANTINE);
            case "reject" -> Optional.of(DmarcResult.Policy.REJECT);
            default -> Optional.empty();
        };
    }
}
