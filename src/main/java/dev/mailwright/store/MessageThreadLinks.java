package dev.mailwright.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What THREAD needs of one message (RFC 5256 §3): its sent date, base subject (case-mapped) and whether that
 * subject was a reply or forward, its Message-ID, and its parents: the References ids in order, or else the first
 * In-Reply-To id.
 */
public record MessageThreadLinks(long uid, Instant sentDate, String baseSubject, boolean replyOrForward,
                                 Optional<String> messageId, List<String> references) {
}
