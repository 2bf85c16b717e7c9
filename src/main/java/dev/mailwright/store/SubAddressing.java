package dev.mailwright.store;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where mail to {@code user+detail@domain} goes (RFC 5233 sub-addressing). The detail names a mailbox as the recipient
 * sees it. The sender is nobody the store knows (RFC 4314's {@code p}, "post", is the right of such an anonymous
 * poster), so:
 * <ul>
 *   <li>a mailbox of the recipient's own: used when it exists (the recipient chose to give it an address by creating
 *   it, as with Dovecot's sub-address delivery without auto-create); matched by exact name, else by the one mailbox
 *   whose name equals it ignoring case (mail systems on the way may change the case of a local part);</li>
 *   <li>another account's mailbox, by its shared name ({@code Shared/owner@domain/Team}): only when its ACL grants
 *   {@code p} to {@code anyone}, because nothing tells who the poster is;</li>
 *   <li>anything else (a missing or invalid name, INBOX, a level of the shared namespace): nothing, the message goes
 *   where it would have gone without the detail.</li>
 * </ul>
 * Callers run inside a store transaction.
 */
@Component
class SubAddressing {
    /** Longest detail considered; a local part is at most 64 octets anyway (RFC 5321 §4.5.3.1.1). */
    static final int MAX_DETAIL = 255;

    private final JdbcClient jdbc;
    private final MailboxRows mailboxes;
    private final AccessControl access;

    SubAddressing(JdbcClient jdbc, MailboxRows mailboxes, AccessControl access) {
        this.jdbc = jdbc;
        this.mailboxes = mailboxes;
        this.access = access;
    }

    Optional<String> mailboxFor(long recipientId, String detail) {
        if (detail.isEmpty() || detail.length() > MAX_DETAIL) {
            return Optional.empty();
        }
        String name;
        try {
            name = MailboxNames.normalize(detail);
        } catch (StoreException.MailboxNotAllowed e) {
            return Optional.empty();
        }
        if (MailboxNames.isInbox(name)) {
            return Optional.empty();
        }
        if (SharedNamespace.isShared(name)) {
            return access.resolve(recipientId, name)
                    .filter(target -> target.owned(recipientId) || anyonePosts(target.mailboxId()))
                    .map(target -> target.owned(recipientId) ? target.ownName() : name);
        }
        if (mailboxes.findId(recipientId, name).isPresent()) {
            return Optional.of(name);
        }
        List<String> ignoringCase = jdbc.sql("SELECT name FROM mailbox WHERE account_id = ? AND LOWER(name) = ?")
                .params(recipientId, name.toLowerCase(Locale.ROOT)).query(String.class).list();
        return ignoringCase.size() == 1 ? Optional.of(ignoringCase.getFirst()) : Optional.empty();
    }

    private boolean anyonePosts(long mailboxId) {
        return jdbc.sql("SELECT rights FROM mailbox_acl WHERE mailbox_id = ? AND identifier = ?")
                .params(mailboxId, AccessControl.ANYONE).query(String.class).optional()
                .map(letters -> Rights.parse(letters).has(Right.POST)).orElse(false);
    }
}
