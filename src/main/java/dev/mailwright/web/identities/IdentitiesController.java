package dev.mailwright.web.identities;

import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Identities;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;

/** Settings → Identities: the addresses the user sends as, each with a display name and a signature. */
@Controller
class IdentitiesController {
    static final int MAX_NAME = 100;

    private final CurrentAccount current;
    private final Folders folders;
    private final AccountStore accounts;
    private final Identities identities;
    private final SenderIdentities senders;
    private final MailwrightProperties properties;

    IdentitiesController(CurrentAccount current, Folders folders, AccountStore accounts, Identities identities,
                         SenderIdentities senders, MailwrightProperties properties) {
        this.current = current;
        this.folders = folders;
        this.accounts = accounts;
        this.identities = identities;
        this.senders = senders;
        this.properties = properties;
    }

    @GetMapping("/settings/identities")
    String list(Principal principal, Model model) {
        Account account = current.of(principal);
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        model.addAttribute("identities", identities.list(account.id()));
        model.addAttribute("own", senders.choices(account).getFirst());
        List<String> aliases = accounts.aliasesOf(account.id()).stream().filter(a -> !a.startsWith("@")).toList();
        model.addAttribute("aliases", aliases);
        model.addAttribute("maxSignature", properties.webmail().maxSignatureLength());
        return "identities/list";
    }

    @PostMapping("/settings/identities")
    String add(@RequestParam String address, @RequestParam(defaultValue = "") String name,
               @RequestParam(defaultValue = "") String signature, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        String problem = problem(name, signature);
        if (problem == null && !validAddress(address)) {
            problem = "identities.error.address";
        }
        if (problem == null) {
            problem = switch (identities.add(account.id(), address.strip(), name.strip(), cleanSignature(signature))) {
                case Identities.Added.Stored stored -> null;
                case Identities.Added.NotOwned notOwned -> "identities.error.notOwned";
                case Identities.Added.AlreadyThere already -> "identities.error.exists";
            };
        }
        return done(redirect, problem, "identities.added");
    }

    @PostMapping("/settings/identities/{id}")
    String update(@PathVariable long id, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String signature, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        String problem = problem(name, signature);
        if (problem == null && !identities.update(account.id(), id, name.strip(), cleanSignature(signature))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return done(redirect, problem, "identities.saved");
    }

    @PostMapping("/settings/identities/{id}/delete")
    String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        if (!identities.delete(account.id(), id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return done(redirect, null, "identities.deleted");
    }

    private String problem(String name, String signature) {
        if (name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "identities.error.name";
        }
        String text = cleanSignature(signature);
        if (text.length() > properties.webmail().maxSignatureLength()
                || text.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)) {
            return "identities.error.signature";
        }
        return null;
    }

    private static boolean validAddress(String address) {
        String a = address.strip();
        int at = a.lastIndexOf('@');
        return at > 0 && at < a.length() - 1 && a.length() <= 320 && a.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == 0x7f);
    }

    private static String cleanSignature(String signature) {
        return signature.replace("\r\n", "\n");
    }

    /** Flash messages are bundle keys; the page resolves them for the reader's language. */
    private static String done(RedirectAttributes redirect, String problem, String success) {
        if (problem != null) {
            redirect.addFlashAttribute("identityError", problem);
        } else {
            redirect.addFlashAttribute("identityFlash", success);
        }
        return "redirect:/settings/identities";
    }
}
