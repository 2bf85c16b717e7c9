package dev.mailwright.web.mailbox;

import java.security.Principal;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.StoreException;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;

/**
 * Creating, renaming and deleting folders. INBOX and the special folders stay: mail apps find Sent,
 * Drafts, Trash and Junk by their special use, and Outlook would otherwise recreate them (CLIENTS.md).
 */
@Controller
class FolderController {
    static final int MAX_NAME = 200;

    private final CurrentAccount current;
    private final Folders folders;
    private final MailStore store;

    FolderController(CurrentAccount current, Folders folders, MailStore store) {
        this.current = current;
        this.folders = folders;
        this.store = store;
    }

    @GetMapping("/folders")
    String manage(Principal principal, Model model) {
        Account account = current.of(principal);
        List<Folders.Folder> all = folders.of(account.id());
        model.addAttribute("account", account);
        model.addAttribute("folders", all);
        model.addAttribute("ownFolders", all.stream().filter(f -> !f.special()).toList());
        return "mailbox/folders";
    }

    @PostMapping("/folders")
    String create(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        Notice problem = problem(name);
        if (problem != null) {
            redirect.addFlashAttribute("flash", problem);
            return "redirect:/folders";
        }
        try {
            MailboxInfo created = store.createMailbox(account.id(), name.strip());
            store.subscribe(account.id(), created.name());
            redirect.addFlashAttribute("flash", Notice.of("folders.created", created.name()));
        } catch (StoreException.MailboxExists | StoreException.MailboxNotAllowed e) {
            redirect.addFlashAttribute("flash", refusal(e));
        }
        return "redirect:/folders";
    }

    @PostMapping("/folders/{mailboxId}/rename")
    String rename(@PathVariable long mailboxId, @RequestParam String name, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        Notice problem = mailbox.specialUse().isPresent() || "INBOX".equals(mailbox.name())
                ? Notice.of("folders.error.specialName") : problem(name);
        if (problem != null) {
            redirect.addFlashAttribute("flash", problem);
            return "redirect:/folders";
        }
        try {
            store.renameMailbox(account.id(), mailbox.name(), name.strip());
            store.unsubscribe(account.id(), mailbox.name());
            store.subscribe(account.id(), name.strip());
            redirect.addFlashAttribute("flash", Notice.of("folders.renamed", name.strip()));
        } catch (StoreException.MailboxExists | StoreException.MailboxNotAllowed | StoreException.MailboxNotFound e) {
            redirect.addFlashAttribute("flash", refusal(e));
        }
        return "redirect:/folders";
    }

    @PostMapping("/folders/{mailboxId}/delete")
    String delete(@PathVariable long mailboxId, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        if (mailbox.specialUse().isPresent() || "INBOX".equals(mailbox.name())) {
            redirect.addFlashAttribute("flash", Notice.of("folders.error.specialDelete"));
            return "redirect:/folders";
        }
        try {
            store.deleteMailbox(account.id(), mailbox.name());
            store.unsubscribe(account.id(), mailbox.name());
            redirect.addFlashAttribute("flash", Notice.of("folders.deleted", mailbox.name()));
        } catch (StoreException.MailboxNotAllowed | StoreException.MailboxNotFound e) {
            redirect.addFlashAttribute("flash", refusal(e));
        }
        return "redirect:/folders";
    }

    /** The store's refusal in the reader's language. */
    private static Notice refusal(StoreException e) {
        return Notice.of(e instanceof StoreException.MailboxExists ? "folders.error.exists"
                : e instanceof StoreException.MailboxNotFound ? "folders.error.notFound" : "folders.error.notAllowed");
    }

    private static Notice problem(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Notice.of("folders.error.noName");
        }
        if (n.length() > MAX_NAME || n.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '*' || c == '%')
                || n.startsWith("/") || n.endsWith("/") || n.contains("//")) {
            return Notice.of("folders.error.badName");
        }
        return null;
    }
}
