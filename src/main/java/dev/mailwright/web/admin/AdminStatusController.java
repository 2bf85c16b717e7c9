package dev.mailwright.web.admin;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.admin.AdminOperations;
import dev.mailwright.admin.DnsRecords;
import dev.mailwright.admin.ServerStatus;
import dev.mailwright.inbound.spam.InboundCounters;
import dev.mailwright.web.Notice;

/** Server status, domains and the DNS records each domain needs. */
@Controller
class AdminStatusController {
    private final AdminPage page;
    private final AdminOperations ops;
    private final ServerStatus status;
    private final DnsRecords dns;
    private final InboundCounters inbound;

    AdminStatusController(AdminPage page, AdminOperations ops, ServerStatus status, DnsRecords dns, InboundCounters inbound) {
        this.page = page;
        this.ops = ops;
        this.status = status;
        this.dns = dns;
        this.inbound = inbound;
    }

    @GetMapping("/admin")
    String status(Principal principal, Model model) {
        model.addAttribute("status", status.now());
        return page.show(principal, model, "status", "admin/status");
    }

    @GetMapping("/admin/domains")
    String domains(Principal principal, Model model) {
        List<String> domains = ops.domains();
        model.addAttribute("domains", domains);
        model.addAttribute("inbound", inboundCounts(domains));
        return page.show(principal, model, "domains", "admin/domains");
    }

    @PostMapping("/admin/domains")
    String addDomain(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/domains", Notice.of("admin.done.domainAdded", name.trim()), () -> ops.addDomain(name));
    }

    @PostMapping("/admin/domains/remove")
    String removeDomain(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/domains", Notice.of("admin.done.domainRemoved", name), () -> ops.removeDomain(name));
    }

    @GetMapping("/admin/domains/{name}")
    String domain(@PathVariable String name, Principal principal, Model model) {
        page.require(principal);
        if (!ops.domains().contains(name)) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "no such domain");
        }
        model.addAttribute("domain", name);
        model.addAttribute("records", dns.forDomain(name));
        return page.show(principal, model, "domains", "admin/domain");
    }

    /** Every local domain, with zeros where the MX saw nothing; counts of removed domains too, after them. */
    private List<InboundCounters.DomainCounts> inboundCounts(List<String> domains) {
        Map<String, InboundCounters.DomainCounts> counted = new LinkedHashMap<>();
        inbound.lastDay().forEach(c -> counted.put(c.domain(), c));
        List<InboundCounters.DomainCounts> rows = new ArrayList<>();
        for (String domain : domains) {
            rows.add(counted.getOrDefault(domain, new InboundCounters.DomainCounts(domain, 0, 0, 0)));
            counted.remove(domain);
        }
        rows.addAll(counted.values());
        return rows;
    }
}
