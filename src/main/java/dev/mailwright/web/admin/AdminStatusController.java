package dev.mailwright.web.admin;

import java.security.Principal;

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

/** Server status, domains and the DNS records each domain needs. */
@Controller
class AdminStatusController {
    private final AdminPage page;
    private final AdminOperations ops;
    private final ServerStatus status;
    private final DnsRecords dns;

    AdminStatusController(AdminPage page, AdminOperations ops, ServerStatus status, DnsRecords dns) {
        this.page = page;
        this.ops = ops;
        this.status = status;
        this.dns = dns;
    }

    @GetMapping("/admin")
    String status(Principal principal, Model model) {
        model.addAttribute("status", status.now());
        return page.show(principal, model, "status", "admin/status");
    }

    @GetMapping("/admin/domains")
    String domains(Principal principal, Model model) {
        model.addAttribute("domains", ops.domains());
        return page.show(principal, model, "domains", "admin/domains");
    }

    @PostMapping("/admin/domains")
    String addDomain(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/domains", "Domain " + name.trim() + " added.", () -> ops.addDomain(name));
    }

    @PostMapping("/admin/domains/remove")
    String removeDomain(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/domains", "Domain " + name + " removed.", () -> ops.removeDomain(name));
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
}
