package dev.mailwright.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.apache.james.mime4j.codec.EncoderUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.sieve.ParsedSieveMessage;
import dev.mailwright.sieve.SieveAction;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SieveScripts;

/**
 * The messages a script sends about a delivery: vacation replies (RFC 5230, with RFC 3834's rules on whom not to
 * answer) and rejection notices (RFC 5429's {@code reject} when the SMTP session could not refuse). Both go out
 * with the null reverse-path, so they can never cause a bounce loop.
 */
final class SieveReplies {
    private static final Logger log = LoggerFactory.getLogger(SieveReplies.class);
    private static final List<String> LIST_FIELDS = List.of("List-Id", "List-Help", "List-Unsubscribe", "List-Subscribe",
            "List-Post", "List-Owner", "List-Archive");
    private static final List<String> ROBOT_LOCAL_PARTS = List.of("mailer-daemon", "postmaster", "listserv", "majordomo",
            "noreply", "no-reply", "do-not-reply", "donotreply");

    sealed interface FollowUp {
        String accountAddress();

        String sender();

        record Reply(AccountId account, String accountAddress, String sender, SieveAction.Vacation vacation) implements FollowUp {
        }

        record Rejection(AccountId account, String accountAddress, String sender, String reason) implements FollowUp {
        }
    }

    private final MailStore store;
    private final AccountStore accounts;
    private final SieveScripts scripts;
    private final String hostname;
    private final Clock clock;
    private final MailTexts texts;

    SieveReplies(MailStore store, AccountStore accounts, SieveScripts scripts, String hostname, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.texts = new MailTexts(accounts);
        this.scripts = scripts;
        this.hostname = hostname;
        this.clock = clock;
    }

    void send(FollowUp followUp, MessageSource raw) {
        if (followUp.sender().isEmpty()) {
            return;   // never to the null sender
        }
        ParsedSieveMessage original = header(raw);
        switch (followUp) {
            case FollowUp.Reply reply -> vacation(reply, original);
            case FollowUp.Rejection rejection -> rejection(rejection, original);
        }
    }

    private void vacation(FollowUp.Reply reply, ParsedSieveMessage original) {
        Optional<String> reason = whyNotAnswer(reply, original);
        if (reason.isPresent()) {
            log.info("Vacation of {}: not answering <{}>: {}", reply.accountAddress(), reply.sender(), reason.get());
            return;
        }
        if (!scripts.claimVacationReply(reply.account(), reply.vacation().handle(), reply.sender(),
                Duration.ofSeconds(reply.vacation().periodSeconds()), clock.instant())) {
            log.info("Vacation of {}: <{}> was answered within the period", reply.accountAddress(), reply.sender());
            return;
        }
        SieveAction.Vacation vacation = reply.vacation();
        String subject = vacation.subject().orElseGet(() -> texts.text(texts.localeOf(reply.accountAddress()), "mail.vacation.subject",
                original.header("Subject").stream().findFirst().orElse("")));
        StringBuilder message = new StringBuilder();
        header(message, "From", vacation.from().map(SieveReplies::oneLine).orElse(reply.accountAddress()));
        header(message, "To", reply.sender());
        header(message, "Subject", EncoderUtil.encodeIfNecessary(oneLine(subject), EncoderUtil.Usage.TEXT_TOKEN, 9));
        threading(message, original);
        header(message, "Auto-Submitted", "auto-replied (vacation)");
        common(message);
        if (vacation.mime()) {
            message.append("MIME-Version: 1.0\r\n").append(crlf(vacation.reason()));
        } else {
            message.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                    .append(crlf(vacation.reason()));
        }
        submit(message, reply.sender());
        log.info("Vacation of {}: answered <{}>", reply.accountAddress(), reply.sender());
    }

    /** RFC 5230 §4.5–4.6 and RFC 3834 §2: lists, bulk, robots, other auto-replies, and mail not addressed to us. */
    private Optional<String> whyNotAnswer(FollowUp.Reply reply, ParsedSieveMessage original) {
        String sender = reply.sender().toLowerCase(Locale.ROOT);
        String local = sender.substring(0, Math.max(0, sender.lastIndexOf('@')));
        if (ROBOT_LOCAL_PARTS.contains(local) || local.startsWith("owner-") || local.endsWith("-request")) {
            return Optional.of("the sender is a robot address");
        }
        if (sender.equalsIgnoreCase(reply.accountAddress())) {
            return Optional.of("the sender is the account itself");
        }
        for (String value : original.header("Auto-Submitted")) {
            if (!value.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
                return Optional.of("the message is auto-submitted");
            }
        }
        for (String value : original.header("Precedence")) {
            String precedence = value.trim().toLowerCase(Locale.ROOT);
            if (precedence.equals("bulk") || precedence.equals("list") || precedence.equals("junk")) {
                return Optional.of("the message has Precedence: " + precedence);
            }
        }
        for (String field : LIST_FIELDS) {
            if (!original.header(field).isEmpty()) {
                return Optional.of("the message came through a mailing list");
            }
        }
        List<String> ours = new ArrayList<>();
        ours.add(reply.accountAddress().toLowerCase(Locale.ROOT));
        reply.vacation().addresses().forEach(a -> ours.add(a.toLowerCase(Locale.ROOT)));
        for (String field : List.of("To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc")) {
            for (String value : original.header(field)) {
                for (String address : ParsedSieveMessage.addresses(value)) {
                    if (ours.contains(address.toLowerCase(Locale.ROOT))) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of("none of the account's addresses is in To, Cc or Bcc");
    }

    private void rejection(FollowUp.Rejection rejection, ParsedSieveMessage original) {
        Locale locale = texts.localeOf(rejection.accountAddress());
        StringBuilder message = new StringBuilder();
        header(message, "From", EncoderUtil.encodeAddressDisplayName(texts.text(locale, "mail.dsn.from")) + " <postmaster@" + hostname + ">");
        header(message, "To", rejection.sender());
        header(message, "Subject", EncoderUtil.encodeIfNecessary(oneLine(texts.text(locale, "mail.rejected.subject",
                original.header("Subject").stream().findFirst().orElse(""))), EncoderUtil.Usage.TEXT_TOKEN, 9));
        threading(message, original);
        header(message, "Auto-Submitted", "auto-replied (rejected)");
        common(message);
        message.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .append(crlf(texts.text(locale, "mail.rejected.text", rejection.accountAddress()))).append("\r\n")
                .append(crlf(rejection.reason()));

        submit(message, rejection.sender());
        log.info("Sieve of {}: rejected a message from <{}>", rejection.accountAddress(), rejection.sender());
    }

    private void threading(StringBuilder message, ParsedSieveMessage original) {
        original.header("Message-ID").stream().findFirst().map(SieveReplies::oneLine).ifPresent(id -> {
            header(message, "In-Reply-To", id);
            String references = original.header("References").stream().findFirst().map(SieveReplies::oneLine).orElse("");
            header(message, "References", (references.length() > 900 ? "" : references + " ") + id);
        });
    }

    private void common(StringBuilder message) {
        header(message, "Date", ZonedDateTime.now(clock).format(DateTimeFormatter.RFC_1123_DATE_TIME));
        header(message, "Message-ID", "<" + UUID.randomUUID() + "@" + hostname + ">");
    }

    private void submit(StringBuilder message, String recipient) {
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
        String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        MailStore.Envelope envelope;
        if (accounts.isLocalDomain(domain)) {
            Optional<AccountId> owner = accounts.resolveRecipient(recipient);
            if (owner.isEmpty()) {
                return;
            }
            envelope = new MailStore.Envelope("", List.of(owner.get()), List.of());
        } else {
            envelope = new MailStore.Envelope("", List.of(), List.of(recipient));
        }
        store.accept(MessageSource.of(bytes), envelope);
    }

    private static ParsedSieveMessage header(MessageSource raw) {
        try (InputStream in = raw.open()) {
            byte[] start = in.readNBytes(256 * 1024);
            return ParsedSieveMessage.of(start, raw.size(), "", "", Optional.empty());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void header(StringBuilder message, String name, String value) {
        message.append(name).append(": ").append(oneLine(value)).append("\r\n");
    }

    /** No header injection from script texts or the original message: line breaks become spaces, length bounded. */
    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.length() > 998 ? line.substring(0, 998) : line;
    }

    private static String crlf(String text) {
        String normalized = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
        return normalized.endsWith("\r\n") ? normalized : normalized + "\r\n";
    }
}
