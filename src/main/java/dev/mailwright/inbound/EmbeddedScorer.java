package dev.mailwright.inbound;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mailwright.delivery.dkim.DkimVerifier;
import dev.mailwright.inbound.dkim.DkimResults;
import dev.mailwright.inbound.dmarc.DmarcResult;
import dev.mailwright.inbound.dmarc.OrganizationalDomain;
import dev.mailwright.inbound.spf.SpfResult;

/**
 * The spam decision of a fresh install, from the authentication results alone (no rspamd needed):
 * <ul>
 * <li>SPF {@code fail} for the MAIL FROM domain, not rescued by a passing DKIM signature of that domain: the domain
 *     owner says this host may not send its mail → Junk;</li>
 * <li>a DMARC failure under {@code p=none} (or sampled out by {@code pct=}) with evidence of forgery on top (SPF
 *     {@code fail}/{@code softfail}, or a DKIM signature that failed) → Junk. A plain unauthenticated message from a
 *     {@code p=none} domain still reaches the INBOX, as its owner asked.</li>
 * </ul>
 * DMARC {@code quarantine}/{@code reject} are applied by the DMARC check itself. Off with
 * {@code mailwright.inbound.embedded-scorer=false} (for example when rspamd scores instead).
 */
@Component
@Order(InboundCheck.CONTENT)
@ConditionalOnProperty(name = "mailwright.inbound.embedded-scorer", havingValue = "true", matchIfMissing = true)
public class EmbeddedScorer implements InboundCheck {

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        SpfResult spf = assessment.finding(SpfResult.class).orElse(null);
        List<DkimVerifier.Result> signatures = assessment.finding(DkimResults.class).map(DkimResults::signatures).orElse(List.of());
        if (spf != null && spf.result() == SpfResult.Result.FAIL && spf.identity() == SpfResult.Identity.MAILFROM
                && signatures.stream().noneMatch(s -> s.status() == DkimVerifier.Status.PASS
                        && OrganizationalDomain.aligned(s.domain(), spf.domain(), false))) {
            assessment.junk("SPF of " + spf.domain() + " does not allow this host");
            return;
        }
        DmarcResult dmarc = assessment.finding(DmarcResult.class).orElse(null);
        boolean forgeryEvidence = (spf != null && (spf.result() == SpfResult.Result.FAIL || spf.result() == SpfResult.Result.SOFTFAIL))
                || signatures.stream().anyMatch(s -> s.status() == DkimVerifier.Status.FAIL);
        if (dmarc != null && dmarc.result() == DmarcResult.Result.FAIL && dmarc.applied() == DmarcResult.Policy.NONE && forgeryEvidence) {
            assessment.junk("DMARC failed for " + dmarc.fromDomain() + " with failed SPF or DKIM");
        }
    }
}
