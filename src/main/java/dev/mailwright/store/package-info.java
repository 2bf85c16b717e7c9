/**
 * The mail store: the ONE way to read and change mail. SMTP, IMAP and the webmail call
 * {@link dev.mailwright.store.MailStore} and {@link dev.mailwright.store.AccountStore}; nothing else
 * touches the tables. Entities never leave this package tree: everything crossing its boundary is a record.
 *
 * <p>For consumers of {@link dev.mailwright.store.MailboxEvent}: the store publishes them through Spring's
 * {@code ApplicationEventPublisher} only after the transaction that made the change has committed, in the
 * order they happened, and drops them on rollback. A plain {@code @EventListener} is therefore safe (no
 * {@code @TransactionalEventListener} needed): whatever it reads back is already visible. Listeners run on the
 * committing thread and must return quickly (hand the event to a session's own writer).
 *
 * <p>Failures: {@link dev.mailwright.store.StoreException.StorageFailure} means the database or blob store
 * failed and nothing was committed (SMTP {@code 451 4.3.0}, IMAP {@code NO [UNAVAILABLE]}). A blob written
 * before a failed transaction stays unreferenced and is never served.
 */
package dev.mailwright.store;
