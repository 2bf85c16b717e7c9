package dev.mailwright.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.mailwright.store.AccountId;

/** Where a session is (RFC 5321 §4.1.4 ordering); each state carries exactly the data valid in it. */
sealed interface SmtpState {

    /** Connected, no EHLO/HELO yet. */
    record Connected() implements SmtpState {
    }

    /** Greeted, no transaction. */
    record Ready(Greeting greeting) implements SmtpState {
    }

    /** After MAIL (and any RCPTs). */
    record InTransaction(Greeting greeting, Transaction transaction) implements SmtpState {
    }

    /** Between BDAT chunks: the spool holds what has arrived so far. */
    record Chunking(Greeting greeting, Transaction transaction, MessageSpool spool, long octets) implements SmtpState {
    }

    /** The client's EHLO/HELO. */
    record Greeting(String domain, Style style) {
    }

    enum Style { HELO, EHLO }

    /**
     * The envelope collected so far; {@code sender} is empty for the null sender. {@code declaredSize}: the MAIL
     * {@code SIZE=} parameter (RFC 1870), checked against each recipient's quota at RCPT.
     */
    record Transaction(String sender, List<Recipient> recipients, OptionalLong declaredSize) {
        public Transaction {
            recipients = List.copyOf(recipients);
        }

        Transaction with(Recipient recipient) {
            List<Recipient> more = new ArrayList<>(recipients);
            more.add(recipient);
            return new Transaction(sender, more, declaredSize);
        }
    }

    sealed interface Recipient {
        String address();
    }

    /** In a local domain, resolved (aliases, +tag, catch-all) to an account; {@code detail}: the +tag (RFC 5233). */
    record LocalRecipient(String address, AccountId account, java.util.Optional<String> detail) implements Recipient {
        LocalRecipient(String address, AccountId account) {
            this(address, account, java.util.Optional.empty());
        }
    }

    /** Outside the local domains: goes to the outbound queue. */
    record RemoteRecipient(String address) implements Recipient {
    }
}
