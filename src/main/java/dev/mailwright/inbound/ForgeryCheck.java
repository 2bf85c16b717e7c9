package dev.mailwright.inbound;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mailwright.inbound.dkim.DkimResults;
import dev.mailwright.inbound.dmarc.OrganizationalDomain;
import dev.mailwright.inbound.spf.SpfResult;
import dev.mailwright.store.AccountStore;

/**
 * Mail that claims to come from one of our own domains (envelope sender or From) arrives on the MX only from a
 * host that domain's SPF allows or with a DKIM signature of that domain: our users send through submission.
 * Anything else is refused with 550 5.7.1, whatever the domain's DNS says (we need no DMARC record to know).
 * A client that authenticated with SMTP AUTH on the MX port is one of ours and is not checked.
 */
@Component
@Order(InboundCheck.FORGERY)
public class ForgeryCheck implements InboundCheck {
    private final AccountStore accounts;

    public ForgeryCheck(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        if (message.authenticatedUser().isPresent()) {
            return;
        }
        Set<String> claimed = new LinkedHashSet<>();
        if (!message.reversePathDomain().isEmpty()) {
            claimed.add(message.reversePathDomain());
        }
        claimed.addAll(Authors.domains(message.header()));
        SpfResult spf = assessment.finding(SpfResult.class).orElse(null);
        List<String> dkim = assessment.finding(DkimResults.class).map(DkimResults::passingDomains).orElse(List.of());
        for (String domain : claimed) {
            if (!accounts.isLocalDomain(domain)) {
                continue;
            }
            boolean spfVouches = spf != null && spf.result() == SpfResult.Result.PASS && spf.identity() == SpfResult.Identity.MAILFROM
                    && OrganizationalDomain.aligned(spf.domain(), domain, false);
            boolean dkimVouches = dkim.stream().anyMatch(d -> OrganizationalDomain.aligned(d, domain, false));
            if (!spfVouches && !dkimVouches) {
                assessment.reject(550, "5.7.1", "Forged sender: " + domain + " is a domain of this server and this message"
                        + " is not authenticated for it (its users send through the submission port)");
                return;
            }
        }
    }
}
