package dev.mailwright.web.admin;

import java.security.Principal;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.admin.AdminOperations;
import dev.mailwright.admin.AdminOperations.Role;
import dev.mailwright.admin.AdminOperations.Status;
import dev.mailwright.store.Quota;

/** Accounts, aliases and the outbound queue. Every form is a POST with the CSRF token (Thymeleaf adds it). */
@Controller
class AdminAccountsController {
    private final AdminPage page;
    private final AdminOperations ops;

    AdminAccountsController(AdminPage page, AdminOperations ops) {
        this.page = page;
        this.ops = ops;
    }

    @GetMapping("/admin/accounts")
    String accounts(Principal principal, Model model) {
        model.addAttribute("accounts", ops.accounts());
        model.addAttribute("domains", ops.domains());
        return page.show(principal, model, "accounts", "admin/accounts");
    }

    @PostMapping("/admin/accounts")
    String create(@RequestParam String address, @RequestParam String password, @RequestParam(defaultValue = "") String storage,
                  @RequestParam(defaultValue = "") String messages, @RequestParam(defaultValue = "false") boolean admin,
                  Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", "Account " + address.trim() + " created.", () -> {
            Optional<Quota> quota = storage.isBlank() && messages.isBlank() ? Optional.empty()
                    : Optional.of(new Quota(size(storage), count(messages)));
            ops.createAccount(address, password, admin ? Role.ADMIN : Role.USER, quota);
        });
    }

    @PostMapping("/admin/accounts/enable")
    String enable(@RequestParam String address, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", address + " enabled.", () -> ops.setEnabled(address, Status.ENABLED));
    }

    @PostMapping("/admin/accounts/disable")
    String disable(@RequestParam String address, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", address + " disabled.", () -> {
            if (address.equalsIgnoreCase(principal.getName())) {
                throw new IllegalArgumentException("You cannot disable your own account");
            }
            ops.setEnabled(address, Status.DISABLED);
        });
    }

    @PostMapping("/admin/accounts/role")
    String role(@RequestParam String address, @RequestParam Role role, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", address + " is now " + role.name().toLowerCase(java.util.Locale.ROOT) + ".", () -> {
            if (address.equalsIgnoreCase(principal.getName()) && role == Role.USER) {
                throw new IllegalArgumentException("You cannot take the admin role from yourself");
            }
            ops.setRole(address, role);
        });
    }

    @PostMapping("/admin/accounts/password")
    String password(@RequestParam String address, @RequestParam String password, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", "Password of " + address + " reset.", () -> ops.resetPassword(address, password));
    }

    @PostMapping("/admin/accounts/quota")
    String quota(@RequestParam String address, @RequestParam(defaultValue = "") String storage,
                 @RequestParam(defaultValue = "") String messages, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", "Quota of " + address + " saved.",
                () -> ops.setQuota(address, new Quota(size(storage), count(messages))));
    }

    @GetMapping("/admin/aliases")
    String aliases(Principal principal, Model model) {
        model.addAttribute("aliases", ops.aliases().stream()
                .map(a -> new AliasRow(a.source(), a.destination() instanceof dev.mailwright.store.AccountStore.Destination.Forward
                        ? "forward" : "account", ops.describe(a.destination()))).toList());
        return page.show(principal, model, "aliases", "admin/aliases");
    }

    record AliasRow(String source, String kind, String target) {
    }

    @PostMapping("/admin/aliases")
    String addAlias(@RequestParam String source, @RequestParam String target, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/aliases", "Alias " + source.trim() + " added.", () -> ops.addAlias(source, target));
    }

    @PostMapping("/admin/aliases/remove")
    String removeAlias(@RequestParam String source, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/aliases", "Alias " + source + " removed.", () -> ops.removeAlias(source));
    }

    @GetMapping("/admin/queue")
    String queue(Principal principal, Model model) {
        model.addAttribute("entries", ops.queue());
        return page.show(principal, model, "queue", "admin/queue");
    }

    @PostMapping("/admin/queue/{id}/retry")
    String retry(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/queue", "Entry " + id + " will be tried now.", () -> ops.retryNow(id));
    }

    @PostMapping("/admin/queue/{id}/delete")
    String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/queue", "Entry " + id + " deleted.", () -> ops.deleteQueued(id));
    }

    /** Blank: unlimited; {@code 500MB}, {@code 2GB}; a bare number is in bytes. */
    static OptionalLong size(String text) {
        if (text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(DataSize.parse(text.strip().replace(" ", "")).toBytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a size: " + text + " (for example 500MB or 2GB)");
        }
    }

    static OptionalLong count(String text) {
        if (text.isBlank()) {
            return OptionalLong.empty();
        }
        if (!text.strip().matches("\\d{1,18}")) {
            throw new IllegalArgumentException("Not a number of messages: " + text);
        }
        return OptionalLong.of(Long.parseLong(text.strip()));
    }
}
