package dev.mailwright.inbound.spam;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

import dev.mailwright.dns.DnsResolver;
import dev.mailwright.dns.DnsResult;

/**
 * Forward-confirmed reverse DNS: one of the client's PTR names must resolve back to the client's address. The result
 * goes into {@code Received:}; it refuses nothing (many honest small servers fail it).
 */
public final class ReverseDns {
    /** PTR names looked at; a client with more is not worth more lookups. */
    private static final int MAX_NAMES = 5;

    public enum Result { PASS, FAIL, NONE, TEMPERROR }

    /** {@code name}: the confirmed name on PASS, otherwise empty. */
    public record Check(Result result, String name) {
        public String comment() {
            return "fcrdns=" + result.name().toLowerCase(Locale.ROOT);
        }
    }

    private final DnsResolver resolver;

    ReverseDns(DnsResolver resolver) {
        this.resolver = resolver;
    }

    Check check(InetAddress client) {
        DnsResult<String> reverse = resolver.ptr(client);
        if (reverse instanceof DnsResult.TempError<String>) {
            return new Check(Result.TEMPERROR, "");
        }
        List<String> names = reverse.recordsOrEmpty();
        if (names.isEmpty()) {
            return new Check(Result.NONE, "");
        }
        boolean unanswered = false;
        for (String name : names.subList(0, Math.min(MAX_NAMES, names.size()))) {
            DnsResult<InetAddress> forward = resolver.addresses(name, client.getClass());
            if (forward.recordsOrEmpty().contains(client)) {
                return new Check(Result.PASS, name.toLowerCase(Locale.ROOT));
            }
            unanswered |= forward instanceof DnsResult.TempError<InetAddress>;
        }
        return new Check(unanswered ? Result.TEMPERROR : Result.FAIL, "");
    }
}
