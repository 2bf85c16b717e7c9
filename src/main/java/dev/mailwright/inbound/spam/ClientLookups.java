package dev.mailwright.inbound.spam;

import java.net.InetAddress;
import java.util.List;

/**
 * The two DNS questions the connection checks ask. Implemented over the shared caching resolver; a failure to get an
 * answer (time-out, SERVFAIL) is an {@link Unanswered}, a name that does not exist an empty list.
 */
public interface ClientLookups {
    /** A and AAAA records of {@code name}. */
    List<InetAddress> addresses(String name) throws Unanswered;

    /** PTR records of {@code address}, as names without the trailing dot. */
    List<String> reverseNames(InetAddress address) throws Unanswered;

    final class Unanswered extends Exception {
        public Unanswered(String message) {
            super(message);
        }
    }
}
