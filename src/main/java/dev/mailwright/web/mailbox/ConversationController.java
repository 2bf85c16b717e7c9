package dev.mailwright.web.mailbox;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.SearchHit;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.message.MessageReader;
import dev.mailwright.web.message.MessageView;

/** A conversation expanded: every message sharing the thread key of the one asked for, in all folders, oldest first. */
@Controller
class ConversationController {
    static final int MAX_MESSAGES = 200;

    private final CurrentAccount current;
    private final Folders folders;
    private final MailStore store;
    private final MessageReader reader;

    ConversationController(CurrentAccount current, Folders folders, MailStore store, MessageReader reader) {
        this.current = current;
        this.folders = folders;
        this.store = store;
        this.reader = reader;
    }

    @GetMapping("/mail/{mailboxId}/{uid}/conversation")
    String conversation(@PathVariable long mailboxId, @PathVariable long uid, Principal principal, Model model) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta start = reader.meta(mailbox, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
        List<Folders.Folder> all = folders.of(account.id());
        List<Entry> entries = new ArrayList<>();
        for (SearchHit hit : store.conversation(account.id(), start.threadKey(), MAX_MESSAGES)) {
            MailboxInfo box = store.mailbox(account.id(), hit.mailbox()).orElseThrow();
            String label = all.stream().filter(f -> f.id() == hit.mailbox().value()).map(Folders.Folder::label).findFirst()
                    .orElse(hit.mailboxName());
            entries.add(new Entry(reader.view(account, box, hit.meta()), label, hit.meta().uid() == uid && box.id().equals(mailbox.id())));
        }
        model.addAttribute("account", account);
        model.addAttribute("folders", all);
        model.addAttribute("mailbox", all.stream().filter(f -> f.id() == mailboxId).findFirst().orElseThrow());
        model.addAttribute("subject", start.subject() == null || start.subject().isBlank() ? "(no subject)" : start.subject());
        model.addAttribute("entries", entries);
        return "mailbox/conversation";
    }

    /** One message of the conversation; {@code current} is the one the reader came from. */
    record Entry(MessageView message, String folderLabel, boolean current) {
    }
}
