package dev.mailwright.inbound.dkim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.delivery.dkim.DkimVerifier;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.inbound.Assessment;
import dev.mailwright.inbound.AuthResult;
import dev.mailwright.inbound.InboundCheck;
import dev.mailwright.inbound.InboundMessage;
import dev.mailwright.inbound.MessageHeader;

/** Verifies every DKIM signature (up to {@code mailwright.inbound.dkim.max-signatures}); decides nothing by itself. */
@Component
@Order(InboundCheck.DKIM)
public class DkimCheck implements InboundCheck {
    private final DkimVerifier verifier;
    private final int maxSignatures;

    public DkimCheck(DnsResolver dns, MailwrightProperties properties) {
        this.verifier = new DkimVerifier(new DnsKeyLookup(dns), properties.inbound().dkim().minRsaBits(), Clock.systemUTC());
        this.maxSignatures = properties.inbound().dkim().maxSignatures();
    }

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        List<DkimVerifier.Result> results = verifier.verify(headerOf(message), message::openBody, maxSignatures);
        assessment.record(DkimResults.class, new DkimResults(results));
        if (results.isEmpty()) {
            assessment.result(new AuthResult("dkim", "none", "", List.of()));
        }
        for (DkimVerifier.Result result : results) {
            List<AuthResult.Property> properties = new ArrayList<>();
            if (!result.domain().isEmpty()) {
                properties.add(new AuthResult.Property("header.d", result.domain()));
                properties.add(new AuthResult.Property("header.s", result.selector()));
                properties.add(new AuthResult.Property("header.a", result.algorithm()));
                properties.add(new AuthResult.Property("header.b", result.signaturePrefix()));
            }
            assessment.result(new AuthResult("dkim", result.status().keyword(), result.reason(), properties));
        }
    }

    static DkimVerifier.Header headerOf(InboundMessage message) {
        return new DkimVerifier.Header(message.header().fields().stream().map(MessageHeader.Field::raw).toList());
    }
}
