package dev.mailwright.delivery.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the hosts that receive mail for a domain (RFC 5321 §5.1): MX records in preference order
 * (shuffled within one preference), else the domain itself when it has an A or AAAA record ("implicit
 * MX"). A null MX (RFC 7505, a single {@code 0 .}) means the domain accepts no mail.
 */
public final class MxResolver {
    private final Resolver resolver;

    public MxResolver(Resolver resolver, Duration timeout) {
        this.resolver = resolver;
        this.resolver.setTimeout(timeout);
    }

    public MxResult resolve(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            return new MxResult.NoMail("invalid domain " + domain);
        }
        Lookup mx = lookup(name, Type.MX);
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                return hostsOf(mx.getAnswers(), domain);
            }
            case Lookup.HOST_NOT_FOUND -> {
                return new MxResult.NoMail("domain " + domain + " does not exist");
            }
            case Lookup.TRY_AGAIN, Lookup.UNRECOVERABLE -> {
                return new MxResult.TryAgain("DNS lookup of MX for " + domain + " failed: " + mx.getErrorString());
            }
            default -> {
                // TYPE_NOT_FOUND: no MX; fall back to the address records of the domain itself
            }
        }
        Lookup a = lookup(name, Type.A);
        Lookup aaaa = lookup(name, Type.AAAA);
        if (a.getResult() == Lookup.SUCCESSFUL || aaaa.getResult() == Lookup.SUCCESSFUL) {
            return new MxResult.Hosts(List.of(domain.toLowerCase(Locale.ROOT)));
        }
        if (a.getResult() == Lookup.TRY_AGAIN || aaaa.getResult() == Lookup.TRY_AGAIN) {
            return new MxResult.TryAgain("DNS lookup of A/AAAA for " + domain + " failed");
        }
        return new MxResult.NoMail("domain " + domain + " has no MX and no address");
    }

    private Lookup lookup(Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        lookup.run();
        return lookup;
    }

    private static MxResult hostsOf(Record[] answers, String domain) {
        Map<Integer, List<String>> byPreference = new TreeMap<>();
        for (Record record : answers) {
            if (record instanceof MXRecord mx) {
                String target = mx.getTarget().equals(Name.root) ? "" : mx.getTarget().toString(true).toLowerCase(Locale.ROOT);
                byPreference.computeIfAbsent(mx.getPriority(), p -> new ArrayList<>()).add(target);
            }
        }
        if (byPreference.size() == 1 && byPreference.values().iterator().next().equals(List.of(""))) {
            return new MxResult.NoMail("domain " + domain + " publishes a null MX: it accepts no mail");
        }
        List<String> hosts = new ArrayList<>();
        byPreference.values().forEach(sameRank -> {
            List<String> shuffled = new ArrayList<>(sameRank);
            Collections.shuffle(shuffled);
            shuffled.stream().filter(h -> !h.isEmpty()).forEach(hosts::add);
        });
        return hosts.isEmpty() ? new MxResult.NoMail("no usable MX for " + domain) : new MxResult.Hosts(hosts);
    }

    /** The answer for one domain. */
    public sealed interface MxResult {
        /** Hosts to try, best first. */
        record Hosts(List<String> hosts) implements MxResult {
        }

        /** The domain does not receive mail: a permanent failure. */
        record NoMail(String reason) implements MxResult {
        }

        /** DNS did not answer: retry later. */
        record TryAgain(String reason) implements MxResult {
        }
    }
}
