package dev.mailwright.web.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.contacts.AddressBook;
import dev.mailwright.store.Contacts;
import dev.mailwright.delivery.LocalDelivery;
import dev.mailwright.delivery.RecipientDetails;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.web.identities.SenderIdentities;
import dev.mailwright.web.message.MessageReader;
import dev.mailwright.web.message.MessageView;
import dev.mailwright.web.Notice;

/**
 * Sends through the same store transaction as SMTP submission ({@link MailStore#accept}: local
 * recipients delivered, remote ones queued), then files a copy into Sent; or saves a draft into Drafts.
 */
@Service
class MailSender {
    private final MailStore store;
    private final AccountStore accounts;
    private final MessageReader reader;
    private final MailwrightProperties properties;
    private final LocalDelivery localDelivery;

    private final AddressBook addressBook;

    MailSender(MailStore store, AccountStore accounts, MessageReader reader, MailwrightProperties properties,
               LocalDelivery localDelivery, AddressBook addressBook) {
        this.addressBook = addressBook;
        this.store = store;
        this.localDelivery = localDelivery;
        this.accounts = accounts;
        this.reader = reader;
        this.properties = properties;
    }

    sealed interface Result {
        /** {@code uid}: the copy in Sent, or the saved draft in Drafts. */
        record Done(Notice message, long mailboxId, long uid) implements Result {
        }

        record Refused(Map<String, Notice> errors) implements Result {
        }
    }

    Result send(Account account, ComposeForm form, List<MultipartFile> uploads) {
        return send(account, ownAddress(account), form, uploads);
    }

    /** {@code from}: the identity chosen (already checked as owned by {@link dev.mailwright.web.identities.SenderIdentities}). */
    Result send(Account account, SenderIdentities.SenderChoice from, ComposeForm form, List<MultipartFile> uploads) {
        ComposeValidator check = new ComposeValidator();
        Outgoing outgoing = outgoing(account, from, form, uploads, check);
        if (outgoing.to().isEmpty() && outgoing.cc().isEmpty() && outgoing.bcc().isEmpty() && !check.errors().containsKey("to")) {
            check.error("to", Notice.of("compose.error.noRecipient"));
        }
        int count = outgoing.to().size() + outgoing.cc().size() + outgoing.bcc().size();
        if (count > properties.smtpLimits().maxRecipients()) {
            check.error("to", Notice.of("compose.error.tooManyRecipients", properties.smtpLimits().maxRecipients()));
        }
        Set<AccountId> local = new LinkedHashSet<>();
        RecipientDetails details = new RecipientDetails();
        Set<String> remote = new LinkedHashSet<>();
        resolve(outgoing.to(), "to", local, details, remote, check);
        resolve(outgoing.cc(), "cc", local, details, remote, check);
        resolve(outgoing.bcc(), "bcc", local, details, remote, check);
        if (!check.errors().isEmpty()) {
            return new Result.Refused(check.errors());
        }
        byte[] raw = MessageWriter.write(outgoing, newMessageId(), ZonedDateTime.now(), MessageWriter.BccHeader.OMITTED);
        if (tooLarge(raw, check)) {
            return new Result.Refused(check.errors());
        }
        try {
            // local recipients' Sieve scripts run as for mail from anywhere else
            localDelivery.accept(MessageSource.of(raw), new MailStore.Envelope(from.address(), List.copyOf(local), List.copyOf(remote)),
                    details.details());
        } catch (StoreException e) {
            check.error("form", notSent(e));
            return new Result.Refused(check.errors());
        }
        MailboxInfo sent = store.mailbox(account.id(), SpecialUse.SENT).orElseThrow(() -> new StoreException.MailboxNotFound("Sent"));
        long uid = store.append(account.id(), sent.name(), MessageSource.of(raw), Flags.of(SystemFlag.SEEN), Optional.empty()).uid();
        markAnswered(account, form);
        removeReplacedDraft(account, form);
        collect(account, outgoing);
        return new Result.Done(Notice.of("compose.sent"), sent.id().value(), uid);
    }

    Result saveDraft(Account account, ComposeForm form, List<MultipartFile> uploads) {
        return saveDraft(account, ownAddress(account), form, uploads);
    }

    Result saveDraft(Account account, SenderIdentities.SenderChoice from, ComposeForm form, List<MultipartFile> uploads) {
        ComposeValidator check = new ComposeValidator();
        Outgoing outgoing = outgoing(account, from, form, uploads, check);
        if (!check.errors().isEmpty()) {
            return new Result.Refused(check.errors());
        }
        byte[] raw = MessageWriter.write(outgoing, newMessageId(), ZonedDateTime.now(), MessageWriter.BccHeader.INCLUDED);
        if (tooLarge(raw, check)) {
            return new Result.Refused(check.errors());
        }
        MailboxInfo drafts = store.mailbox(account.id(), SpecialUse.DRAFTS)
                .orElseThrow(() -> new StoreException.MailboxNotFound("Drafts"));
        long uid = store.append(account.id(), drafts.name(), MessageSource.of(raw), Flags.of(SystemFlag.DRAFT, SystemFlag.SEEN),
                Optional.empty()).uid();
        removeReplacedDraft(account, form);
        return new Result.Done(Notice.of("compose.draftSaved"), drafts.id().value(), uid);
    }

    private SenderIdentities.SenderChoice ownAddress(Account account) {
        return new SenderIdentities.SenderChoice(SenderIdentities.OWN, account.address(),
                account.displayName() == null ? "" : account.displayName(), "");
    }

    private Outgoing outgoing(Account account, SenderIdentities.SenderChoice sender, ComposeForm form,
                              List<MultipartFile> uploads, ComposeValidator check) {
        List<Mailbox> to = check.addresses("to", form.to());
        List<Mailbox> cc = check.addresses("cc", form.cc());
        List<Mailbox> bcc = check.addresses("bcc", form.bcc());
        String subject = check.headerText("subject", form.subject(), ComposeValidator.MAX_SUBJECT);
        String inReplyTo = check.messageId("inReplyTo", form.inReplyTo());
        List<String> references = check.messageIds("references", form.references());
        String[] at = sender.address().split("@", 2);
        Mailbox from = new Mailbox(blankToNull(sender.displayName()), at[0], at.length > 1 ? at[1] : properties.primaryDomain());
        List<Outgoing.Attachment> attachments = new ArrayList<>(uploaded(uploads, check));
        attachments.addAll(forwarded(account, form));
        Optional<String> html = form.rich() ? Optional.of(ComposedHtml.sanitize(form.html())) : Optional.empty();
        String body = html.map(ComposedHtml::text).orElse(form.body());
        return new Outgoing(from, to, cc, bcc, subject, body, html, Optional.of(inReplyTo).filter(s -> !s.isEmpty()),
                references, attachments);
    }

    /**
     * Sorts the recipients into local accounts (with their {@code +detail}s) and remote addresses.
     */
    private void resolve(List<Mailbox> list, String field, Set<AccountId> local, RecipientDetails details,
                         Set<String> remote, ComposeValidator check) {
        for (Mailbox m : list) {
            String address = m.getLocalPart() + "@" + m.getDomain().toLowerCase(Locale.ROOT);
            if (accounts.isLocalDomain(m.getDomain().toLowerCase(Locale.ROOT))) {
                Optional<AccountStore.Destination> destination = accounts.resolveDestination(address);
                switch (destination.orElse(null)) {
                    case AccountStore.Destination.Local l -> {
                        local.add(l.account());
                        details.add(l.account(), l.detail());
                    }
                    case AccountStore.Destination.Forward f -> remote.add(f.address());   // an admin-defined forward
                    case null -> check.error(field, Notice.of("compose.error.noMailbox", address));
                }
            } else {
                remote.add(address);
            }
        }
    }

    /** Why the store refused, in the reader's language where the reason is one a reader can act on. */
    private static Notice notSent(StoreException e) {
        return switch (e) {
            case StoreException.OverQuota full -> Notice.of("compose.error.recipientOverQuota");
            case StoreException.StorageFull full -> Notice.of("compose.error.serverFull");
            case StoreException.StorageFailure failed -> Notice.of("compose.error.serverFailed");
            default -> Notice.of("compose.error.notSent", String.valueOf(e.getMessage()));
        };
    }

    private List<Outgoing.Attachment> uploaded(List<MultipartFile> uploads, ComposeValidator check) {
        List<Outgoing.Attachment> out = new ArrayList<>();
        long limit = AttachmentLimit.attachmentBytes(properties.smtpLimits().maxMessageSize());
        for (MultipartFile file : uploads == null ? List.<MultipartFile>of() : uploads) {
            if (file.isEmpty()) {
                continue;
            }
            if (file.getSize() > limit) {
                check.error("attachments", Notice.of("compose.error.fileTooLarge", String.valueOf(file.getOriginalFilename())));
                continue;
            }
            try {
                out.add(new Outgoing.Attachment(cleanFilename(file.getOriginalFilename()), contentType(file.getContentType()),
                        file.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The attachments of the forwarded message travel along, decoded and re-encoded unchanged. */
    private List<Outgoing.Attachment> forwarded(Account account, ComposeForm form) {
        if (form.forwardMailbox() == null || form.forwardUid() == null) {
            return List.of();
        }
        Optional<MailboxInfo> mailbox = store.mailbox(account.id(), new MailboxId(form.forwardMailbox()));
        Optional<MessageMeta> meta = mailbox.flatMap(mb -> reader.meta(mb, form.forwardUid()));
        if (meta.isEmpty()) {
            return List.of();
        }
        MessageView view = reader.view(account, mailbox.get(), meta.get());
        List<Outgoing.Attachment> out = new ArrayList<>();
        for (MessageView.AttachmentView a : view.attachments()) {
            reader.part(meta.get(), a.section()).ifPresent(part -> {
                try (InputStream in = reader.open(meta.get(), part)) {
                    out.add(new Outgoing.Attachment(cleanFilename(part.filename()), contentType(a.contentType()), in.readAllBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return out;
    }

    /** The recipients go to the address book's collected list (autocomplete); the mail is already sent. */
    private void collect(Account account, Outgoing outgoing) {
        List<Contacts.Collected> written = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (List<Mailbox> list : List.of(outgoing.to(), outgoing.cc(), outgoing.bcc())) {
            for (Mailbox m : list) {
                written.add(new Contacts.Collected(m.getAddress(), m.getName() == null ? "" : m.getName(), 1, now));
            }
        }
        try {
            addressBook.collect(account.id(), written);
        } catch (StoreException e) {
            // the message went out; a lost suggestion is not worth an error on the page
            org.slf4j.LoggerFactory.getLogger(MailSender.class).warn("Could not remember the recipients: {}", e.getMessage());
        }
    }

    private void markAnswered(Account account, ComposeForm form) {
        if (form.replyMailbox() == null || form.replyUid() == null) {
            return;
        }
        store.mailbox(account.id(), new MailboxId(form.replyMailbox())).ifPresent(mb -> store.updateFlags(account.id(), mb.id(),
                UidSet.of(form.replyUid()), MailStore.FlagChange.ADD, Flags.of(SystemFlag.ANSWERED), Optional.empty()));
    }

    /** The older version of a draft goes once the new one is stored (only a \\Draft message in Drafts). */
    private void removeReplacedDraft(Account account, ComposeForm form) {
        if (form.draftMailbox() == null || form.draftUid() == null) {
            return;
        }
        Optional<MailboxInfo> drafts = store.mailbox(account.id(), new MailboxId(form.draftMailbox()))
                .filter(mb -> mb.specialUse().filter(SpecialUse.DRAFTS::equals).isPresent());
        drafts.flatMap(mb -> reader.meta(mb, form.draftUid())).filter(m -> m.flags().has(SystemFlag.DRAFT)).ifPresent(m -> {
            UidSet uid = UidSet.of(m.uid());
            store.updateFlags(account.id(), drafts.get().id(), uid, MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED),
                    Optional.empty());
            store.expunge(account.id(), drafts.get().id(), Optional.of(uid));
        });
    }

    private boolean tooLarge(byte[] raw, ComposeValidator check) {
        long limit = properties.smtpLimits().maxMessageSize().toBytes();
        if (raw.length > limit) {
            check.error("attachments", Notice.of("compose.error.tooLarge", raw.length / 1024, limit / 1024));
            return true;
        }
        return false;
    }

    private String newMessageId() {
        return UUID.randomUUID() + "@" + properties.hostname();
    }

    static String cleanFilename(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_").strip();
        return n.isEmpty() ? "attachment" : n.length() > 200 ? n.substring(0, 200) : n;
    }

    static String contentType(String type) {
        try {
            MediaType parsed = MediaType.parseMediaType(type == null ? "" : type);
            return parsed.isConcrete() ? parsed.getType() + "/" + parsed.getSubtype() : "application/octet-stream";
        } catch (InvalidMediaTypeException e) {
            return "application/octet-stream";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
