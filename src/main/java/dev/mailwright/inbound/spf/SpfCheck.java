package dev.mailwright.inbound.spf;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.inbound.Assessment;
import dev.mailwright.inbound.AuthResult;
import dev.mailwright.inbound.InboundCheck;
import dev.mailwright.inbound.InboundMessage;

/**
 * SPF of the MAIL FROM domain, or of the HELO name when the reverse-path is null (RFC 7208 §2.4). Records an
 * {@link SpfResult} for DMARC and a {@code spf=} result; decides nothing by itself.
 */
@Component
@Order(InboundCheck.SPF)
public class SpfCheck implements InboundCheck {
    private final DnsResolver dns;
    private final MailwrightProperties.Inbound.Spf limits;
    private final Clock clock;

    public SpfCheck(DnsResolver dns, MailwrightProperties properties) {
        this.dns = dns;
        this.limits = properties.inbound().spf();
        this.clock = Clock.systemUTC();
    }

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        SpfResult result = evaluate(message);
        assessment.record(SpfResult.class, result);
        String property = result.identity() == SpfResult.Identity.MAILFROM ? "smtp.mailfrom" : "smtp.helo";
        String value = result.identity() == SpfResult.Identity.MAILFROM ? message.reversePath() : message.helo();
        assessment.result(new AuthResult("spf", result.result().keyword(), result.reason(),
                List.of(new AuthResult.Property(property, value))));
    }

    SpfResult evaluate(InboundMessage message) {
        String helo = message.helo().toLowerCase(Locale.ROOT);
        boolean nullSender = message.reversePath().isEmpty();
        SpfResult.Identity identity = nullSender ? SpfResult.Identity.HELO : SpfResult.Identity.MAILFROM;
        String domain = nullSender ? helo : message.reversePathDomain();
        String sender = nullSender ? "postmaster@" + helo : message.reversePath();
        if (!SpfEvaluator.isFqdn(domain)) {
            return new SpfResult(SpfResult.Result.NONE, identity, domain, "no domain to check");
        }
        SpfEvaluator evaluator = new SpfEvaluator(dns, limits.maxDnsMechanisms(), limits.maxVoidLookups(),
                clock.instant().plus(limits.timeout()), clock);
        SpfEvaluator.Outcome outcome = evaluator.evaluate(message.client(), domain, sender, helo);
        return new SpfResult(outcome.result(), identity, domain, outcome.explanation());
    }
}
