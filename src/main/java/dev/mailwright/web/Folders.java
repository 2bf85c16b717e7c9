package dev.mailwright.web;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.Right;
import dev.mailwright.store.SharedNamespace;
import dev.mailwright.store.SpecialUse;

/**
 * The folder list of the layout: INBOX, then the special folders in a fixed order, then the rest by name. INBOX
 * and the special folders are labelled in the reader's language (messages*.properties, {@code folder.*}); the
 * others by their own name.
 */
@Component
public class Folders {
    private static final int SHARED_RANK = 20;

    private final MailStore store;
    private final MessageSource messages;

    Folders(MailStore store, MessageSource messages) {
        this.store = store;
        this.messages = messages;
    }

    /** Labels in the current request's language. */
    public List<Folder> of(AccountId account) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Folder> own = store.mailboxes(account).stream()
                .map(info -> view(info, locale))
                .sorted(Comparator.comparingInt(Folder::rank).thenComparing(Folder::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        // then the folders other accounts share with this one (RFC 4314 l), those it may read (r): opening needs r
        List<Folder> shared = store.sharedMailboxes(account).stream()
                .filter(info -> store.rights(account, info.id()).has(Right.READ))
                .map(Folders::sharedView)
                .toList();
        if (shared.isEmpty()) {
            return own;
        }
        List<Folder> all = new java.util.ArrayList<>(own);
        all.addAll(shared);
        return List.copyOf(all);
    }

    /** The folder's label as the folder list shows it, in the current request's language (notices name folders so). */
    public String labelOf(MailboxInfo info) {
        return info.name().startsWith(SharedNamespace.PREFIX) && info.name().indexOf('/', SharedNamespace.PREFIX.length()) > 0
                ? sharedView(info).label() : label(info, LocaleContextHolder.getLocale());
    }

    /** A shared folder: {@code Shared/owner/Team} is labelled {@code Team (owner)}, below the account's own folders. */
    private static Folder sharedView(MailboxInfo info) {
        String rest = info.name().substring(SharedNamespace.PREFIX.length());
        int slash = rest.indexOf('/');
        String owner = rest.substring(0, slash);
        String own = rest.substring(slash + 1);
        String label = own.substring(own.lastIndexOf('/') + 1) + " (" + owner + ")";
        return new Folder(info.id().value(), info.name(), label, "shared", info.unseen(), info.messages(), SHARED_RANK);
    }

    private Folder view(MailboxInfo info, Locale locale) {
        return new Folder(info.id().value(), info.name(), label(info, locale), kind(info), info.unseen(), info.messages(),
                rank(info));
    }

    private String label(MailboxInfo info, Locale locale) {
        String name = info.name();
        String kind = kind(info);
        if (!"folder".equals(kind)) {
            return messages.getMessage("folder." + kind, null, name, locale);
        }
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private static String kind(MailboxInfo info) {
        if ("INBOX".equals(info.name())) {
            return "inbox";
        }
        return info.specialUse().map(use -> use.name().toLowerCase(Locale.ROOT)).orElse("folder");
    }

    private static int rank(MailboxInfo info) {
        if ("INBOX".equals(info.name())) {
            return 0;
        }
        Optional<SpecialUse> use = info.specialUse();
        return use.map(u -> switch (u) {
            case DRAFTS -> 1;
            case SENT -> 2;
            case ARCHIVE -> 3;
            case JUNK -> 4;
            case TRASH -> 5;
        }).orElse(10);
    }

    /**
     * One folder as the layout shows it. {@code kind} is {@code inbox}, a special use in lower case, or
     * {@code folder}; {@code depth} indents children of {@code a/b} names.
     */
    public record Folder(long id, String name, String label, String kind, long unseen, long messages, int rank) {
        public int depth() {
            return (int) name.chars().filter(c -> c == '/').count();
        }

        public boolean special() {
            return rank < 10;
        }
    }
}
