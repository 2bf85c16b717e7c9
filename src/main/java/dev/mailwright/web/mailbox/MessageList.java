package dev.mailwright.web.mailbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.MetaPage;
import dev.mailwright.store.MailStore.PageCursor;
import dev.mailwright.store.MailStore.SearchField;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.UidSet;

/**
 * Pages of the message list, newest first, keyed by UID: a page asks the store for "the next N below
 * UID x", so its cost does not grow with the folder. Search narrows by the store's text search first.
 */
@Service
class MessageList {
    static final int PAGE_SIZE = 50;

    private final MailStore store;
    private final Clock clock;

    private final MessageSource messages;

    MessageList(MailStore store, MessageSource messages) {
        this.store = store;
        this.clock = Clock.systemDefaultZone();
        this.messages = messages;
    }

    /** The row texts in the language of the request being served. */
    private MessageRow.Texts texts() {
        Locale locale = LocaleContextHolder.getLocale();
        return new MessageRow.Texts(locale, messages.getMessage("mailbox.unknownSender", null, locale),
                messages.getMessage("message.noSubject", null, locale));
    }

    /** {@code viewer}: whose \Seen the rows show (their own on someone else's shared folder). */
    Page page(AccountId viewer, MailboxInfo mailbox, long before) {
        List<MessageMeta> metas = store.metaPageBefore(viewer, mailbox.id(), before, PAGE_SIZE + 1);
        return toPage(metas);
    }

    /** A page in another order than arrival: the store walks the sort key's index from the cursor. */
    Page sorted(AccountId viewer, MailboxInfo mailbox, ListSort sort, Optional<PageCursor> after) {
        MetaPage found = store.metaPage(viewer, mailbox.id(), sort.key(), sort.direction(), after, PAGE_SIZE);
        Instant now = clock.instant();
        MessageRow.Texts texts = texts();
        List<MessageRow> rows = found.messages().stream().map(m -> MessageRow.of(m, clock.getZone(), now, texts)).toList();
        return new Page(rows, Optional.empty(), found.next());
    }

    Page search(AccountId viewer, MailboxInfo mailbox, Search search, long before) {
        List<Long> hits = store.searchText(mailbox.id(), search.field().store, search.text());
        List<Long> below = hits.stream().filter(uid -> uid < before).toList();
        List<Long> window = below.subList(Math.max(0, below.size() - PAGE_SIZE - 1), below.size());
        List<MessageMeta> metas = new ArrayList<>();
        if (!window.isEmpty()) {
            store.forEachMeta(viewer, mailbox.id(), UidSet.of(window), metas::add);
        }
        Collections.reverse(metas);
        return toPage(metas);
    }

    private Page toPage(List<MessageMeta> metas) {
        Instant now = clock.instant();
        MessageRow.Texts texts = texts();
        boolean more = metas.size() > PAGE_SIZE;
        List<MessageRow> rows = metas.stream().limit(PAGE_SIZE).map(m -> MessageRow.of(m, clock.getZone(), now, texts)).toList();
        Optional<Long> next = more ? Optional.of(rows.getLast().uid()) : Optional.empty();
        return new Page(rows, next, Optional.empty());
    }

    /** {@code nextBefore}: the next page in arrival order; {@code nextCursor}: the next page of a sorted list. */
    record Page(List<MessageRow> rows, Optional<Long> nextBefore, Optional<PageCursor> nextCursor) {
    }

    /** {@code in}: where to look. Headers covers from, to, cc and subject. */
    record Search(String text, Scope field) {
        static Optional<Search> of(String text, String in) {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            Scope scope = "headers".equalsIgnoreCase(in) ? Scope.HEADERS : "body".equalsIgnoreCase(in) ? Scope.BODY : Scope.ALL;
            return Optional.of(new Search(text.strip(), scope));
        }

        String in() {
            return field.name().toLowerCase(Locale.ROOT);
        }
    }

    enum Scope {
        ALL(SearchField.TEXT), HEADERS(SearchField.HEADERS), BODY(SearchField.BODY);

        final SearchField store;

        Scope(SearchField store) {
            this.store = store;
        }
    }
}
