package dev.mailwright.inbound.dkim;

import java.util.List;

import dev.mailwright.delivery.dkim.DkimVerifier;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.dns.DnsResult;

/** DKIM (and ARC) keys from DNS: the TXT record at {@code selector._domainkey.domain} (RFC 6376 §3.6.2). */
public record DnsKeyLookup(DnsResolver dns) implements DkimVerifier.KeyLookup {

    @Override
    public DkimVerifier.KeyRecord find(String selector, String domain) {
        return switch (dns.txt(selector + "._domainkey." + domain)) {
            case DnsResult.Records<String> records -> {
                List<String> keys = records.records().stream().filter(r -> r.contains("p=")).toList();
                yield keys.size() == 1 ? new DkimVerifier.KeyRecord.Found(keys.getFirst()) : new DkimVerifier.KeyRecord.Missing();
            }
            case DnsResult.NxDomain<String> nx -> new DkimVerifier.KeyRecord.Missing();
            case DnsResult.NoData<String> noData -> new DkimVerifier.KeyRecord.Missing();
            case DnsResult.TempError<String> error -> new DkimVerifier.KeyRecord.Unavailable(error.reason());
        };
    }
}
