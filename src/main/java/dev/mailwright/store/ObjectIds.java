package dev.mailwright.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The object identifiers of RFC 8474, all within its {@code objectid} syntax (letters, digits, {@code _}, {@code -}):
 * <ul>
 *   <li>mailbox: {@code F} and the mailbox row's id. RENAME keeps the row, so the id; DELETE then CREATE makes a new
 *       row, and identity values are never handed out twice.</li>
 *   <li>email: {@code M} and the message row's id. The row is the account's one copy of the message, which COPY and
 *       MOVE share (and a delivery to several mailboxes of one account).</li>
 *   <li>thread: {@code T} and 24 hex digits of the SHA-256 of the message's thread key ({@link ThreadKeys}), so that
 *       every message of a conversation has it without a lookup, and it never changes.</li>
 * </ul>
 */
public final class ObjectIds {
    private static final int THREAD_HEX_DIGITS = 24;

    private ObjectIds() {
    }

    public static String mailbox(MailboxId id) {
        return "F" + id.value();
    }

    public static String email(long messageRowId) {
        return "M" + messageRowId;
    }

    public static String thread(String threadKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(threadKey.getBytes(StandardCharsets.UTF_8));
            return "T" + HexFormat.of().formatHex(digest).substring(0, THREAD_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
