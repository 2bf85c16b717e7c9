package dev.mailwright.inbound.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.dns.DnsResult;
import dev.mailwright.inbound.Assessment;
import dev.mailwright.inbound.AuthResult;
import dev.mailwright.inbound.Authors;
import dev.mailwright.inbound.InboundCheck;
import dev.mailwright.inbound.InboundMessage;
import dev.mailwright.inbound.arc.ArcResult;
import dev.mailwright.inbound.dkim.DkimResults;
import dev.mailwright.inbound.dmarc.DmarcResult.Policy;
import dev.mailwright.inbound.spf.SpfResult;

/**
 * DMARC (RFC 7489) of the From domain, from the SPF and DKIM results recorded before it. A failure under
 * {@code p=reject} is refused at the end of DATA (550 5.7.1, nothing stored), under {@code p=quarantine} goes to
 * Junk, under {@code p=none} is delivered. {@code pct=} samples: a message outside the sample gets the next milder
 * policy (§6.6.4). A passing ARC chain sealed by a trusted forwarder ({@code mailwright.inbound.arc.trusted-sealers})
 * overrides the failure (a local policy exception, §6.7). DNS failures deliver (temperror), never lose mail.
 */
@Component
@Order(InboundCheck.DMARC)
public class DmarcCheck implements InboundCheck {
    /** At most this many author domains are evaluated (a From with many addresses buys no more lookups). */
    private static final int MAX_AUTHOR_DOMAINS = 5;

    private final DnsResolver dns;
    private final List<String> trustedSealers;
    private final IntSupplier percentile;

    @Autowired
    public DmarcCheck(DnsResolver dns, MailwrightProperties properties) {
        this(dns, properties.inbound().arc().trustedSealers(), () -> ThreadLocalRandom.current().nextInt(100));
    }

    DmarcCheck(DnsResolver dns, List<String> trustedSealers, IntSupplier percentile) {
        this.dns = dns;
        this.trustedSealers = List.copyOf(trustedSealers);
        this.percentile = percentile;
    }

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        List<String> authors = Authors.domains(message.header());
        if (authors.isEmpty()) {
            DmarcResult none = new DmarcResult(DmarcResult.Result.NONE, "", Policy.NONE, Policy.NONE, "no From domain");
            assessment.record(DmarcResult.class, none);
            assessment.result(new AuthResult("dmarc", "none", none.reason(), List.of()));
            return;
        }
        if (authors.size() > 1) {
            // several author domains: the webmail cannot show one verified sender; each is still evaluated below
            assessment.junk("several From domains: " + String.join(", ", authors));
        }
        SpfResult spf = assessment.finding(SpfResult.class).orElse(null);
        List<String> dkimDomains = assessment.finding(DkimResults.class).map(DkimResults::passingDomains).orElse(List.of());
        DmarcResult worst = null;
        for (String domain : authors.subList(0, Math.min(authors.size(), MAX_AUTHOR_DOMAINS))) {
            DmarcResult result = evaluate(domain, spf, dkimDomains);
            if (worst == null || severity(result) > severity(worst)) {
                worst = result;
            }
        }
        assessment.record(DmarcResult.class, worst);
        Optional<ArcResult> trustedArc = assessment.finding(ArcResult.class)
                .filter(arc -> arc.status() == ArcResult.Status.PASS && trustedSealers.contains(arc.sealer()));
        String comment = worst.result() == DmarcResult.Result.NONE || worst.result() == DmarcResult.Result.TEMPERROR
                ? worst.reason() : "p=" + worst.published().keyword() + " dis=" + worst.applied().keyword();
        if (worst.result() == DmarcResult.Result.FAIL && worst.applied() != Policy.NONE && trustedArc.isPresent()) {
            comment = "p=" + worst.published().keyword() + " dis=none; overridden: ARC chain sealed by trusted " + trustedArc.get().sealer();
            assessment.result(new AuthResult("dmarc", "fail", comment, List.of(new AuthResult.Property("header.from", worst.fromDomain()))));
            return;
        }
        assessment.result(new AuthResult("dmarc", worst.result().keyword(), comment,
                List.of(new AuthResult.Property("header.from", worst.fromDomain()))));
        if (worst.result() == DmarcResult.Result.FAIL) {
            switch (worst.applied()) {
                case REJECT -> assessment.reject(550, "5.7.1", "Message refused: the DMARC policy of " + worst.fromDomain()
                        + " rejects mail that neither SPF nor DKIM authenticates for that domain");
                case QUARANTINE -> assessment.junk("DMARC failed for " + worst.fromDomain() + " (p=quarantine)");
                case NONE -> { }
            }
        }
    }

    private static int severity(DmarcResult result) {
        return switch (result.result()) {
            case FAIL -> 10 + result.applied().ordinal();
            case PERMERROR -> 4;
            case TEMPERROR -> 3;
            case NONE -> 2;
            case PASS -> 1;
        };
    }

    DmarcResult evaluate(String fromDomain, SpfResult spf, List<String> dkimDomains) {
        String organizational = OrganizationalDomain.of(fromDomain);
        Lookup lookup = lookup(fromDomain);
        boolean fromOrganization = false;
        if (lookup.record().isEmpty() && lookup.error() == null && !organizational.equals(fromDomain)) {
            lookup = lookup(organizational);
            fromOrganization = true;
        }
        if (lookup.error() != null) {
            return new DmarcResult(DmarcResult.Result.TEMPERROR, fromDomain, Policy.NONE, Policy.NONE, lookup.error());
        }
        if (lookup.record().isEmpty()) {
            return new DmarcResult(DmarcResult.Result.NONE, fromDomain, Policy.NONE, Policy.NONE, "no DMARC record");
        }
        DmarcRecord record = lookup.record().get();
        Policy policy = fromOrganization ? record.subdomainPolicy().orElse(record.policy()) : record.policy();
        boolean spfAligned = spf != null && spf.result() == SpfResult.Result.PASS
                && OrganizationalDomain.aligned(spf.domain(), fromDomain, record.strictSpf());
        boolean dkimAligned = dkimDomains.stream().anyMatch(d -> OrganizationalDomain.aligned(d, fromDomain, record.strictDkim()));
        if (spfAligned || dkimAligned) {
            return new DmarcResult(DmarcResult.Result.PASS, fromDomain, policy, Policy.NONE,
                    (spfAligned ? "SPF" : "DKIM") + " aligned");
        }
        Policy applied = percentile.getAsInt() < record.percent() ? policy : policy.milder();
        return new DmarcResult(DmarcResult.Result.FAIL, fromDomain, policy, applied, "neither SPF nor DKIM aligned");
    }

    private record Lookup(Optional<DmarcRecord> record, String error) {
    }

    private Lookup lookup(String domain) {
        return switch (dns.txt("_dmarc." + domain)) {
            case DnsResult.TempError<String> error -> new Lookup(Optional.empty(), error.reason());
            case DnsResult.Records<String> records -> {
                List<DmarcRecord> parsed = new ArrayList<>();
                records.records().stream().filter(r -> r.startsWith("v=DMARC1"))
                        .forEach(r -> DmarcRecord.parse(r).ifPresent(parsed::add));
                // §6.6.3: several records, or none usable, mean no policy
                yield new Lookup(parsed.size() == 1 ? Optional.of(parsed.getFirst()) : Optional.empty(), null);
            }
            case DnsResult.NxDomain<String> nx -> new Lookup(Optional.empty(), null);
            case DnsResult.NoData<String> noData -> new Lookup(Optional.empty(), null);
        };
    }
}
