package dev.mailwright.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.delivery.dkim.DkimKeys;

/**
 * The DNS records a domain needs to receive and send mail here, with the published host name and ports (what mail
 * apps and other servers see from outside): MX, SPF, DKIM (the key delivery signs with), DMARC, the SRV records of
 * RFC 6186 / RFC 8314 (and RFC 5804's for ManageSieve) and the autoconfig/autodiscover names.
 */
@Component
public class DnsRecords {
    private final MailwrightProperties properties;
    private final DkimKeys dkim;

    DnsRecords(MailwrightProperties properties, DkimKeys dkim) {
        this.properties = properties;
        this.dkim = dkim;
    }

    /** {@code name} is fully qualified with a trailing dot, as zone files want it. */
    public record DnsRecord(String name, String type, String value) {
        /** One zone-file line. */
        public String zoneLine() {
            return name + " 3600 IN " + type + " " + value;
        }
    }

    public List<DnsRecord> forDomain(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        String host = properties.publicHostname() + ".";
        List<DnsRecord> records = new ArrayList<>();
        records.add(new DnsRecord(d + ".", "MX", "10 " + host));
        records.add(new DnsRecord(d + ".", "TXT", quoted("v=spf1 mx -all")));
        records.add(new DnsRecord(DkimKeys.SELECTOR + "._domainkey." + d + ".", "TXT", quoted(dkim.dnsRecord(d))));
        records.add(new DnsRecord("_dmarc." + d + ".", "TXT", quoted("v=DMARC1; p=quarantine; rua=mailto:postmaster@" + d)));
        srv(records, "_imaps._tcp." + d, properties.publicImapsPort(), host);
        srv(records, "_imap._tcp." + d, properties.publicImapPort(), host);
        srv(records, "_submissions._tcp." + d, properties.publicSubmissionsPort(), host);
        srv(records, "_submission._tcp." + d, properties.publicSubmissionPort(), host);
        srv(records, "_sieve._tcp." + d, properties.publicManagesievePort(), host);   // RFC 5804 §1.8
        records.add(new DnsRecord("_autodiscover._tcp." + d + ".", "SRV", "0 1 443 " + host));
        records.add(new DnsRecord("autoconfig." + d + ".", "CNAME", host));
        records.add(new DnsRecord("autodiscover." + d + ".", "CNAME", host));
        return List.copyOf(records);
    }

    private static void srv(List<DnsRecord> records, String name, int port, String host) {
        // RFC 6186 §4: a target of "." says the service is not offered
        records.add(new DnsRecord(name + ".", "SRV", port > 0 ? "0 1 " + port + " " + host : "0 0 0 ."));
    }

    /** A TXT value as quoted strings of at most 255 characters (RFC 1035 §3.3.14; a DKIM key is longer). */
    static String quoted(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i += 255) {
            sb.append(sb.isEmpty() ? "" : " ").append('"').append(text, i, Math.min(text.length(), i + 255)).append('"');
        }
        return sb.toString();
    }
}
