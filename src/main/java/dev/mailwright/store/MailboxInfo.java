package dev.mailwright.store;

import java.util.Optional;

/**
 * A mailbox as protocols see it. {@code name} uses {@code /} as hierarchy delimiter; INBOX is always
 * spelled {@code INBOX}. Counters are exact at the moment of reading.
 */
public record MailboxInfo(
        MailboxId id,
        AccountId owner,
        String name,
        long uidValidity,
        long uidNext,
        long highestModseq,
        long messages,
        long unseen,
        long sizeBytes,
        Optional<SpecialUse> specialUse,
        boolean subscribed) {
}
