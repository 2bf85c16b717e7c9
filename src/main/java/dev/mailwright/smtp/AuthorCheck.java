package dev.mailwright.smtp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

import dev.mailwright.inbound.Authors;
import dev.mailwright.inbound.MessageHeader;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MessageSource;

/**
 * Submission: every address in the {@code From:} and {@code Sender:} fields must be one the authenticated account
 * may send as, decided exactly like the envelope sender ({@link AccountStore#maySendAs}: its own address, its
 * aliases, their {@code +tag} forms). The addresses are read by two parsers (mime4j's lenient one and
 * {@link Authors}' linear scan) and each address either finds must pass, so a display name or comment crafted to
 * be read differently by a recipient's client cannot slip a foreign address through.
 */
final class AuthorCheck {
    private final AccountStore accounts;

    AuthorCheck(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** Empty when the message may go; otherwise the refusal (553 5.7.1, or 552 for a header too large to check). */
    Optional<SmtpReply> check(Account account, MessageSource message) throws IOException {
        MessageHeader header;
        try (InputStream in = new BufferedInputStream(message.open(), 16 * 1024)) {
            header = MessageHeader.read(in);
        }
        if (header.length() >= MessageHeader.MAX_BYTES) {
            return Optional.of(SmtpReplies.HEADER_TOO_LARGE.format(MessageHeader.MAX_BYTES));
        }
        for (String name : List.of("from", "sender")) {
            for (MessageHeader.Field field : header.all(name)) {
                Set<String> addresses = addresses(field.value());
                if (addresses.isEmpty()) {
                    return Optional.of(SmtpReplies.AUTHOR_MISSING);
                }
                for (String address : addresses) {
                    if (!complete(address)) {
                        return Optional.of(SmtpReplies.AUTHOR_MISSING);
                    }
                    if (!accounts.maySendAs(account.id(), address)) {
                        return Optional.of(SmtpReplies.AUTHOR_NOT_OWNED.format(printable(address)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean complete(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && at < address.length() - 1;
    }

    /** The union of what both parsers read; at most 100 addresses per field (a From names one author, rarely more). */
    static Set<String> addresses(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (Mailbox mailbox : LenientAddressParser.DEFAULT.parseAddressList(value).flatten()) {
            if (mailbox.getLocalPart() != null && !mailbox.getLocalPart().isEmpty()) {
                out.add(mailbox.getDomain() == null || mailbox.getDomain().isEmpty() ? mailbox.getLocalPart()
                        : mailbox.getLocalPart() + "@" + mailbox.getDomain());
            }
            if (out.size() > 100) {
                break;
            }
        }
        for (String address : Authors.addresses(value)) {
            out.add(address);
            if (out.size() > 200) {
                break;
            }
        }
        return out;
    }

    private static String printable(String address) {
        String line = address.replaceAll("[^\\x21-\\x7e]", "?");
        return line.length() > 320 ? line.substring(0, 320) : line;
    }
}
