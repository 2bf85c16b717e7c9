package dev.mailwright.delivery.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.mailwright.dns.DnsResolver;
import dev.mailwright.dns.DnsResult;
import dev.mailwright.dns.MxHost;

/**
 * Finds the hosts that receive mail for a domain (RFC 5321 §5.1): MX records in preference order
 * (shuffled within one preference), else the domain itself when it has an A or AAAA record ("implicit
 * MX"). A null MX (RFC 7505, a single {@code 0 .}) means the domain accepts no mail. DNS answers come
 * from the shared caching {@link DnsResolver}.
 */
public final class MxResolver {
    private final DnsResolver dns;

    public MxResolver(DnsResolver dns) {
        this.dns = dns;
    }

    public MxResult resolve(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        switch (dns.mx(name)) {
            case DnsResult.Records<MxHost> records -> {
                return hostsOf(records.records(), name);
            }
            case DnsResult.NxDomain<MxHost> nx -> {
                return new MxResult.NoMail("domain " + domain + " does not exist");
            }
            case DnsResult.TempError<MxHost> error -> {
                return new MxResult.TryAgain(error.reason());
            }
            case DnsResult.NoData<MxHost> noMx -> {
                // no MX: fall back to the address records of the domain itself
            }
        }
        DnsResult<?> a = dns.a(name);
        DnsResult<?> aaaa = dns.aaaa(name);
        if (a instanceof DnsResult.Records<?> || aaaa instanceof DnsResult.Records<?>) {
            return new MxResult.Hosts(List.of(name));
        }
        if (a instanceof DnsResult.TempError<?> || aaaa instanceof DnsResult.TempError<?>) {
            return new MxResult.TryAgain("DNS lookup of A/AAAA for " + domain + " failed");
        }
        return new MxResult.NoMail("domain " + domain + " has no MX and no address");
    }

    private static MxResult hostsOf(List<MxHost> answers, String domain) {
        Map<Integer, List<String>> byPreference = new TreeMap<>();
        for (MxHost mx : answers) {
            byPreference.computeIfAbsent(mx.preference(), p -> new ArrayList<>()).add(mx.host());
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
