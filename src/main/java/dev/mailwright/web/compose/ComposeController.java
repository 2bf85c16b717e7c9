package dev.mailwright.web.compose;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.message.MessageReader;
import dev.mailwright.web.message.MessageView;

/** New message, reply, reply all and forward; sending and saving drafts. */
@Controller
class ComposeController {
    private final CurrentAccount current;
    private final Folders folders;
    private final MessageReader reader;
    private final MailSender sender;
    private final MailwrightProperties properties;
    private final MailStore store;
    private final AccountStore accounts;

    static final int RECENT_FOR_SUGGESTIONS = 300;
    static final int MAX_SUGGESTIONS = 100;

    ComposeController(CurrentAccount current, Folders folders, MessageReader reader, MailSender sender,
                      MailwrightProperties properties, MailStore store, AccountStore accounts) {
        this.store = store;
        this.accounts = accounts;
        this.current = current;
        this.folders = folders;
        this.reader = reader;
        this.sender = sender;
        this.properties = properties;
    }

    @GetMapping("/compose")
    String form(@RequestParam(required = false) String mode, @RequestParam(required = false) Long mailbox,
                @RequestParam(required = false) Long uid, @RequestParam(required = false) String to,
                Principal principal, Model model) {
        Account account = current.of(principal);
        ComposeForm form = ComposeForm.empty();
        if (to != null && !ComposeValidator.hasControl(to)) {
            form = new ComposeForm(to, "", "", "", "", "", "", null, null, null, null, null, null, "");
        }
        if (mode != null && mailbox != null && uid != null) {
            MailboxInfo box = current.mailbox(principal, mailbox);
            MessageMeta meta = reader.meta(box, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
            MessageView original = reader.view(account, box, meta);
            form = switch (mode) {
                case "reply" -> Quoting.reply(original, false);
                case "reply-all" -> Quoting.reply(original, true);
                case "forward" -> Quoting.forward(original);
                case "draft" -> Quoting.draft(original, original.html() ? reader.editableHtml(meta).orElse("") : "");
                default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown compose mode");
            };
        }
        if (!"draft".equals(mode)) {   // a draft already carries the signature it was written with
            form = Quoting.signed(form, accounts.signature(account.id()).orElse(""));
        }
        return show(account, form, Map.of(), model);
    }

    @PostMapping("/compose")
    String submit(@ModelAttribute ComposeForm form, @RequestParam(name = "attachments", required = false) List<MultipartFile> attachments,
                  @RequestParam(defaultValue = "send") String action, Principal principal, Model model,
                  RedirectAttributes redirect) {
        Account account = current.of(principal);
        MailSender.Result result = "draft".equals(action) ? sender.saveDraft(account, form, attachments)
                : sender.send(account, form, attachments);
        return switch (result) {
            case MailSender.Result.Done done -> {
                redirect.addFlashAttribute("flash", done.message());
                yield "redirect:/mail/" + done.mailboxId();
            }
            case MailSender.Result.Refused refused -> show(account, form, refused.errors(), model);
        };
    }

    /**
     * Autosave from the compose page (fetch with the form's CSRF token): stores the draft in Drafts and removes
     * the draft it replaces, so autosaves do not pile up. Answers where the new draft is, for the next save.
     * Uploads are not autosaved; they are sent with Send or Save draft.
     */
    @PostMapping(path = "/compose/autosave", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> autosave(@ModelAttribute ComposeForm form, Principal principal) {
        Account account = current.of(principal);
        return switch (sender.saveDraft(account, form, List.of())) {
            case MailSender.Result.Done done -> {
                Map<String, Object> saved = new java.util.LinkedHashMap<>();
                saved.put("draftMailbox", done.mailboxId());
                saved.put("draftUid", done.uid());
                // a continued draft brings its own attachments along: they now live in the new draft
                boolean forwardsTheOldDraft = form.draftUid() != null && form.draftUid().equals(form.forwardUid())
                        && form.draftMailbox() != null && form.draftMailbox().equals(form.forwardMailbox());
                if (forwardsTheOldDraft) {
                    saved.put("forwardMailbox", done.mailboxId());
                    saved.put("forwardUid", done.uid());
                }
                yield ResponseEntity.ok(saved);
            }
            case MailSender.Result.Refused refused -> ResponseEntity.status(422).body(Map.of("errors", refused.errors()));
        };
    }

    /** Suggestions for the address fields: senders of the most recent INBOX messages, newest first. */
    private List<String> correspondents(Account account) {
        return store.mailbox(account.id(), "INBOX")
                .map(inbox -> store.metaPageBefore(inbox.id(), Long.MAX_VALUE, RECENT_FOR_SUGGESTIONS).stream()
                        .map(MessageMeta::from).filter(f -> f != null && !f.isBlank()).distinct().limit(MAX_SUGGESTIONS).toList())
                .orElse(List.of());
    }

    private String show(Account account, ComposeForm form, Map<String, String> errors, Model model) {
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("correspondents", correspondents(account));
        model.addAttribute("maxAttachmentBytes", AttachmentLimit.attachmentBytes(properties.smtpLimits().maxMessageSize()));
        model.addAttribute("autosaveMillis", properties.webmail().draftAutosaveInterval().toMillis());
        return "compose/form";
    }
}
