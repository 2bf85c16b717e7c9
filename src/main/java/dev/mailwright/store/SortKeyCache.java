package dev.mailwright.store;

import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * The SORT keys and THREAD links of recently sorted mailboxes, in memory ({@link MailboxRowCache}, bounded by
 * {@code mailwright.sort-cache.max-messages} each): what {@link MailStore#forEachSortKeys} and
 * {@link MailStore#forEachThreadLinks} stream, the same rows the database holds, without reading them all again.
 */
@Component
class SortKeyCache {
    private final MailboxRowCache<MessageSortKeys> sortKeys;
    private final MailboxRowCache<MessageThreadLinks> threadLinks;

    SortKeyCache(JdbcClient jdbc, SortRows rows, MailwrightProperties properties) {
        long max = properties.sortCache().maxMessages();
        this.sortKeys = new MailboxRowCache<>(jdbc, rows::forEachSortKeys, MessageSortKeys::uid, max);
        this.threadLinks = new MailboxRowCache<>(jdbc, rows::forEachThreadLinks, MessageThreadLinks::uid, max);
    }

    /** Call inside a read transaction. */
    void forEachSortKeys(long mailboxId, Consumer<MessageSortKeys> sink) {
        sortKeys.forEach(mailboxId, sink);
    }

    /** Call inside a read transaction. */
    void forEachThreadLinks(long mailboxId, Consumer<MessageThreadLinks> sink) {
        threadLinks.forEach(mailboxId, sink);
    }

    /** Mailboxes whose SORT keys are cached now (tests). */
    int cachedSortMailboxes() {
        return sortKeys.size();
    }

    /** Forgets everything (tests). */
    void clear() {
        sortKeys.clear();
        threadLinks.clear();
    }
}
