package dev.mailwright.web;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;

/** The folder list of the layout: INBOX, then the special folders in a fixed order, then the rest by name. */
@Component
public class Folders {
    private final MailStore store;

    Folders(MailStore store) {
        this.store = store;
    }

    public List<Folder> of(AccountId account) {
        return store.mailboxes(account).stream()
                .map(Folders::view)
                .sorted(Comparator.comparingInt(Folder::rank).thenComparing(Folder::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    static Folder view(MailboxInfo info) {
        return new Folder(info.id().value(), info.name(), label(info), kind(info), info.unseen(), info.messages(),
                rank(info));
    }

    private static String label(MailboxInfo info) {
        String name = info.name();
        int slash = name.lastIndexOf('/');
        return "INBOX".equals(name) ? "Inbox" : slash < 0 ? name : name.substring(slash + 1);
    }

    private static String kind(MailboxInfo info) {
        if ("INBOX".equals(info.name())) {
            return "inbox";
        }
        return info.specialUse().map(use -> use.name().toLowerCase(java.util.Locale.ROOT)).orElse("folder");
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
