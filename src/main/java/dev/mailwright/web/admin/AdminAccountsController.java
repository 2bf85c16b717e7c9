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
import dev.mailwright.web.Notice;

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
        return page.act(principal, redirect, "/admin/accounts", Notice.of("admin.done.created", address.trim()), () -> {
            Optional<Quota> quota = storage.isBlank() && messages.isBlank() ? Optional.empty()
                    : Optional.of(new Quota(size(storage), count(messages)));
            ops.createAccount(address, password, admin ? Role.ADMIN : Role.USER, quota);
        });
    }

    @PostMapping("/admin/accounts/enable")
    String enable(@RequestParam String address, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", Notice.of("admin.done.enabled", address), () -> ops.setEnabled(address, Status.ENABLED));
    }

    @PostMapping("/admin/accounts/disable")
    String disable(@RequestParam String address, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", Notice.of("admin.done.disabled", address), () -> {
            if (address.equalsIgnoreCase(principal.getName())) {
                throw new AdminPage.Refusal(Notice.of("admin.error.disableSelf"));
            }
            ops.setEnabled(address, Status.DISABLED);
        });
    }

    @PostMapping("/admin/accounts/role")
    String role(@RequestParam String address, @RequestParam Role role, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", Notice.of(role == Role.ADMIN ? "admin.done.nowAdmin" : "admin.done.nowUser", address), () -> {
            if (address.equalsIgnoreCase(principal.getName()) && role == Role.USER) {
                throw new AdminPage.Refusal(Notice.of("admin.error.demoteSelf"));
            }
            ops.setRole(address, role);
        });
    }

    @PostMapping("/admin/accounts/password")
    String password(@RequestParam String address, @RequestParam String password, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", Notice.of("admin.done.passwordReset", address), () -> ops.resetPassword(address, password));
    }

    @PostMapping("/admin/accounts/quota")
    String quota(@RequestParam String address, @RequestParam(defaultValue = "") String storage,
                 @RequestParam(defaultValue = "") String messages, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/accounts", Notice.of("admin.done.quotaSaved", address),
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
        return page.act(principal, redirect, "/admin/aliases", Notice.of("admin.done.aliasAdded", source.trim()), () -> ops.addAlias(source, target));
    }

    @PostMapping("/admin/aliases/remove")
    String removeAlias(@RequestParam String source, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/aliases", Notice.of("admin.done.aliasRemoved", source), () -> ops.removeAlias(source));
    }

    @GetMapping("/admin/queue")
    String queue(Principal principal, Model model) {
        model.addAttribute("entries", ops.queue());
        return page.show(principal, model, "queue", "admin/queue");
    }

    @PostMapping("/admin/queue/{id}/retry")
    String retry(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/queue", Notice.of("admin.done.retry", id), () -> ops.retryNow(id));
    }

    @PostMapping("/admin/queue/{id}/delete")
    String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return page.act(principal, redirect, "/admin/queue", Notice.of("admin.done.entryDeleted", id), () -> ops.deleteQueued(id));
    }

    /** Blank: unlimited; {@code 500MB}, {@code 2GB}; a bare number is in bytes. */
    static OptionalLong size(String text) {
        if (text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(DataSize.parse(text.strip().replace(" ", "")).toBytes());
        } catch (IllegalArgumentException e) {
            throw new AdminPage.Refusal(Notice.of("admin.error.size", text));
        }
    }

    static OptionalLong count(String text) {
        if (text.isBlank()) {
            return OptionalLong.empty();
        }
        if (!text.strip().matches("\\d{1,18}")) {
            throw new AdminPage.Refusal(Notice.of("admin.error.count", text));
        }
        return OptionalLong.of(Long.parseLong(text.strip()));
    }
}
