package dev.mailwright.inbound.arc;

import java.time.Clock;
import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.delivery.dkim.ArcVerifier;
import dev.mailwright.delivery.dkim.DkimVerifier;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.inbound.Assessment;
import dev.mailwright.inbound.AuthResult;
import dev.mailwright.inbound.InboundCheck;
import dev.mailwright.inbound.InboundMessage;
import dev.mailwright.inbound.MessageHeader;
import dev.mailwright.inbound.dkim.DnsKeyLookup;

/**
 * Verifies an existing ARC chain and records it ({@code arc=} in our results, an {@link ArcResult} for DMARC,
 * which lets a passing chain of a trusted sealer override a DMARC failure). We do not seal: this server is the
 * final recipient, not a forwarder.
 */
@Component
@Order(InboundCheck.ARC)
public class ArcCheck implements InboundCheck {
    private final ArcVerifier verifier;

    public ArcCheck(DnsResolver dns, MailwrightProperties properties) {
        DkimVerifier dkim = new DkimVerifier(new DnsKeyLookup(dns), properties.inbound().dkim().minRsaBits(), Clock.systemUTC());
        this.verifier = new ArcVerifier(dkim, properties.inbound().arc().maxInstances());
    }

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        DkimVerifier.Header header = new DkimVerifier.Header(message.header().fields().stream().map(MessageHeader.Field::raw).toList());
        ArcVerifier.Chain chain = verifier.verify(header, message::openBody);
        ArcResult.Status status = switch (chain.outcome()) {
            case NONE -> ArcResult.Status.NONE;
            case PASS -> ArcResult.Status.PASS;
            case FAIL -> ArcResult.Status.FAIL;
        };
        assessment.record(ArcResult.class, new ArcResult(status, chain.instances(), chain.sealer(), chain.reason()));
        String comment = status == ArcResult.Status.PASS
                ? "sealed by " + chain.sealer() + ", chain of " + chain.instances() : chain.reason();
        assessment.result(new AuthResult("arc", status.keyword(), comment,
                List.of(new AuthResult.Property("smtp.remote-ip", message.client().getHostAddress()))));
    }
}
