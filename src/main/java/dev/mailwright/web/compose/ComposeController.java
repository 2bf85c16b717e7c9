package dev.mailwright.web.compose;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.context.MessageSource;
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
import dev.mailwright.web.Notice;
import dev.mailwright.web.identities.SenderIdentities;
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

    private final SenderIdentities senders;
    private final MessageSource messages;
    private final KeptUploads keptUploads;

    ComposeController(CurrentAccount current, Folders folders, MessageReader reader, MailSender sender,
                      MailwrightProperties properties, MailStore store, AccountStore accounts, SenderIdentities senders,
                      MessageSource messages, KeptUploads keptUploads) {
        this.messages = messages;
        this.keptUploads = keptUploads;
        this.senders = senders;
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
                @RequestParam(required = false) String identity, Principal principal, Model model) {
        Account account = current.of(principal);
        ComposeForm form = ComposeForm.empty();
        if (to != null && !ComposeValidator.hasControl(to)) {
            form = new ComposeForm(to, "", "", "", "", "", "", null, null, null, null, null, null, "");
        }
        String chosen = identity;
        if (mode != null && mailbox != null && uid != null) {
            MailboxInfo box = current.mailbox(principal, mailbox);
            MessageMeta meta = reader.meta(box, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
            MessageView original = reader.view(account, box, meta);
            java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
            Quoting.Texts quoteTexts = (code, args) -> messages.getMessage(code, args, locale);
            if (chosen == null) {
                chosen = identityAddressedIn(account, "draft".equals(mode) ? original.fromAddress() : original.to() + " " + original.cc());
            }
            form = switch (mode) {
                case "reply" -> Quoting.reply(original, false, quoteTexts);
                case "reply-all" -> Quoting.reply(original, true, quoteTexts);
                case "forward" -> Quoting.forward(original, quoteTexts);
                case "draft" -> Quoting.draft(original, original.html() ? reader.editableHtml(meta).orElse("") : "");
                default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown compose mode");
            };
        }
        if (!"draft".equals(mode)) {   // a draft already carries the signature it was written with
            form = Quoting.signed(form, senders.choose(account, chosen).orElseGet(() -> senders.choose(account, SenderIdentities.OWN)
                    .orElseThrow()).signature());
        }
        model.addAttribute("identity", senders.choose(account, chosen).map(SenderIdentities.SenderChoice::key).orElse(SenderIdentities.OWN));
        return show(account, form, Map.of(), model);
    }

    @PostMapping("/compose")
    String submit(@ModelAttribute ComposeForm form, @RequestParam(name = "attachments", required = false) List<MultipartFile> attachments,
                  @RequestParam(defaultValue = "send") String action, @RequestParam(required = false) String identity,
                  @RequestParam(required = false) String composeKey, @RequestParam(name = "keep", required = false) List<String> keep,
                  Principal principal, Model model, RedirectAttributes redirect) {
        Account account = current.of(principal);
        model.addAttribute("identity", identity == null ? SenderIdentities.OWN : identity);
        // files kept from an earlier refusal of this same form (still checked) travel with the new uploads
        String key = KeptUploads.isKey(composeKey) ? composeKey : KeptUploads.newKey();
        List<MultipartFile> uploads = new java.util.ArrayList<>();
        keptUploads.find(account.id(), key, keep == null ? List.of() : keep).forEach(k -> uploads.add(k.asUpload()));
        (attachments == null ? List.<MultipartFile>of() : attachments).stream().filter(f -> !f.isEmpty()).forEach(uploads::add);
        java.util.Optional<SenderIdentities.SenderChoice> from = senders.choose(account, identity);
        if (from.isEmpty()) {   // an identity removed meanwhile, or a forged key: the same ownership rule as submission
            return refused(account, key, uploads, form, Map.of("from", Notice.of("compose.error.from")), model);
        }
        MailSender.Result result = "draft".equals(action) ? sender.saveDraft(account, from.get(), form, uploads)
                : sender.send(account, from.get(), form, uploads);
        return switch (result) {
            case MailSender.Result.Done done -> {
                keptUploads.forget(account.id(), key);
                redirect.addFlashAttribute("flash", done.message());
                yield "redirect:/mail/" + done.mailboxId();
            }
            case MailSender.Result.Refused refused -> refused(account, key, uploads, form, refused.errors(), model);
        };
    }

    /** The form again with its errors; what it carried is kept for the next try (as far as the bound allows). */
    private String refused(Account account, String key, List<MultipartFile> uploads, ComposeForm form, Map<String, Notice> errors,
                           Model model) {
        List<KeptUploads.Kept> kept = keptUploads.keep(account.id(), key, uploads);
        model.addAttribute("composeKey", key);
        model.addAttribute("kept", kept);
        model.addAttribute("notKept", uploads.stream().filter(f -> !f.isEmpty()).count() > kept.size());
        return show(account, form, errors, model);
    }

    /**
     * Autosave from the compose page (fetch with the form's CSRF token): stores the draft in Drafts and removes
     * the draft it replaces, so autosaves do not pile up. Answers where the new draft is, for the next save.
     * Uploads are not autosaved; they are sent with Send or Save draft.
     */
    @PostMapping(path = "/compose/autosave", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> autosave(@ModelAttribute ComposeForm form, @RequestParam(required = false) String identity,
                                                 Principal principal, java.util.Locale locale) {
        Account account = current.of(principal);
        SenderIdentities.SenderChoice from = senders.choose(account, identity)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "not an identity of this account"));
        return switch (sender.saveDraft(account, from, form, List.of())) {
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
            case MailSender.Result.Refused refused -> ResponseEntity.status(422).body(Map.of("errors", texts(refused.errors(), locale)));
        };
    }

    /** A reply goes out from the identity the original was addressed to; a draft keeps the identity it was written as. */
    private String identityAddressedIn(Account account, String addresses) {
        String text = addresses == null ? "" : addresses.toLowerCase(java.util.Locale.ROOT);
        return senders.choices(account).stream().skip(1)
                .filter(s -> namesAddress(text, s.address().toLowerCase(java.util.Locale.ROOT)))
                .map(SenderIdentities.SenderChoice::key).findFirst().orElse(null);
    }

    /** Whether {@code address} stands alone in the text ({@code sales@x} is not named by {@code presales@x}). */
    static boolean namesAddress(String text, String address) {
        for (int at = text.indexOf(address); at >= 0; at = text.indexOf(address, at + 1)) {
            int end = at + address.length();
            boolean startsClean = at == 0 || !partOfAddress(text.charAt(at - 1));
            boolean endsClean = end == text.length() || !partOfAddress(text.charAt(end));
            if (startsClean && endsClean) {
                return true;
            }
        }
        return false;
    }

    private static boolean partOfAddress(char c) {
        return Character.isLetterOrDigit(c) || "._%+-@".indexOf(c) >= 0;
    }

    /** Suggestions for the address fields: senders of the most recent INBOX messages, newest first. */
    private List<String> correspondents(Account account) {
        return store.mailbox(account.id(), "INBOX")
                .map(inbox -> store.metaPageBefore(inbox.id(), Long.MAX_VALUE, RECENT_FOR_SUGGESTIONS).stream()
                        .map(MessageMeta::from).filter(f -> f != null && !f.isBlank()).distinct().limit(MAX_SUGGESTIONS).toList())
                .orElse(List.of());
    }

    /** The form's errors in the reader's language, field by field. */
    private Map<String, String> texts(Map<String, Notice> errors, java.util.Locale locale) {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        errors.forEach((field, notice) -> texts.put(field, messages.getMessage(notice, locale)));
        return texts;
    }

    private String show(Account account, ComposeForm form, Map<String, Notice> errors, Model model) {
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        model.addAttribute("form", form);
        model.addAttribute("errors", texts(errors, org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        model.addAttribute("senders", senders.choices(account));
        if (!model.containsAttribute("identity")) {
            model.addAttribute("identity", SenderIdentities.OWN);
        }
        model.addAttribute("correspondents", correspondents(account));
        model.addAttribute("maxAttachmentBytes", AttachmentLimit.attachmentBytes(properties.smtpLimits().maxMessageSize()));
        model.addAttribute("autosaveMillis", properties.webmail().draftAutosaveInterval().toMillis());
        if (!model.containsAttribute("composeKey")) {
            model.addAttribute("composeKey", KeptUploads.newKey());
            model.addAttribute("kept", List.of());
            model.addAttribute("notKept", false);
        }
        return "compose/form";
    }
}
