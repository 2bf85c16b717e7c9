package dev.mailwright.web.message;

import java.security.Principal;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.TrustedSenders;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;

/**
 * "Always show remote content from this sender" on the message page, and the Settings list to take it back. The
 * sender is read from the message itself, never from the form, and only a verified From address is accepted.
 */
@Controller
class TrustedSendersController {
    private final CurrentAccount current;
    private final Folders folders;
    private final MessageReader reader;
    private final TrustedSenders trusted;
    private final MessageSource messages;
    private final int limit;

    TrustedSendersController(CurrentAccount current, Folders folders, MessageReader reader, TrustedSenders trusted,
                             MessageSource messages, MailwrightProperties properties) {
        this.current = current;
        this.folders = folders;
        this.reader = reader;
        this.trusted = trusted;
        this.messages = messages;
        this.limit = properties.webmailHtml().maxTrustedSenders();
    }

    @PostMapping("/mail/{mailboxId}/{uid}/trust-sender")
    String trust(@PathVariable long mailboxId, @PathVariable long uid, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta meta = reader.meta(mailbox, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
        MessageView message = reader.view(account, mailbox, meta);
        String outcome;
        if (!RemoteContentPolicy.mayTrust(message)) {
            outcome = "remote.trust.unverified";
        } else {
            outcome = switch (trusted.add(account.id(), message.fromAddress(), limit)) {
                case ADDED, ALREADY_TRUSTED -> "remote.trust.added";
                case LIMIT_REACHED -> "remote.trust.limit";
            };
        }
        redirect.addFlashAttribute("flash", text(outcome, message.fromAddress(), limit));
        return "redirect:/mail/" + mailboxId + "/" + uid;
    }

    @GetMapping("/settings/trusted-senders")
    String list(Principal principal, Model model) {
        Account account = current.of(principal);
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        model.addAttribute("senders", trusted.list(account.id()));
        return "settings/trusted-senders";
    }

    @PostMapping("/settings/trusted-senders/remove")
    String remove(@RequestParam String address, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        if (trusted.remove(account.id(), address)) {
            redirect.addFlashAttribute("flash", text("remote.trust.removed", address.strip(), limit));
        }
        return "redirect:/settings/trusted-senders";
    }

    private String text(String key, String address, int max) {
        return messages.getMessage(key, new Object[] {address, max}, LocaleContextHolder.getLocale());
    }
}
