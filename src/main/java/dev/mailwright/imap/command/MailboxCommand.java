package dev.mailwright.imap.command;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.wire.LiteralData;

/** Valid once authenticated (and while a mailbox is selected). Mailbox names are decoded Unicode. */
public sealed interface MailboxCommand extends ImapCommand {

    enum SelectMode { READ_WRITE, READ_ONLY }

    /** SELECT / EXAMINE with the {@code CONDSTORE} and {@code QRESYNC (...)} parameters of RFC 7162. */
    record Select(String tag, String mailbox, SelectMode mode, Set<SelectParameter> parameters,
                  Optional<Qresync> qresync) implements MailboxCommand {
        public Select(String tag, String mailbox, SelectMode mode, Set<SelectParameter> parameters) {
            this(tag, mailbox, mode, parameters, Optional.empty());
        }
    }

    /**
     * {@code QRESYNC (uidvalidity modseq [known-uids [seq-match-data]])} (RFC 7162 §3.2.5). The sequence match
     * data is parsed and not kept: every expunge leaves a tombstone, so VANISHED never needs narrowing by it.
     */
    record Qresync(long uidValidity, long modseq, Optional<NumSet.Uids> knownUids) {
    }

    enum SelectParameter { CONDSTORE }

    record Create(String tag, String mailbox) implements MailboxCommand {
    }

    record Delete(String tag, String mailbox) implements MailboxCommand {
    }

    record Rename(String tag, String from, String to) implements MailboxCommand {
    }

    record Subscribe(String tag, String mailbox) implements MailboxCommand {
    }

    record Unsubscribe(String tag, String mailbox) implements MailboxCommand {
    }

    enum ListSelection { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    enum ListReturn { SUBSCRIBED, CHILDREN, SPECIAL_USE }

    /** MAILBOXID: RFC 8474; {@code DELETED}: the number of messages with \\Deleted (RFC 9051 §6.3.11). */
    enum StatusItem { MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ, SIZE, MAILBOXID, DELETED }

    /**
     * LIST (with RFC 5258 options), LSUB and XLIST share one record; {@code kind} says which was sent.
     * {@code status}: the items of {@code RETURN (STATUS (...))} (RFC 5819), empty when not asked.
     */
    record ListMailboxes(String tag, Kind kind, Set<ListSelection> selection, String reference, List<String> patterns,
                         Set<ListReturn> returns, List<StatusItem> status) implements MailboxCommand {
        public enum Kind { LIST, LSUB, XLIST }

        public ListMailboxes(String tag, Kind kind, Set<ListSelection> selection, String reference, List<String> patterns,
                             Set<ListReturn> returns) {
            this(tag, kind, selection, reference, patterns, returns, List.of());
        }
    }

    record Status(String tag, String mailbox, List<StatusItem> items) implements MailboxCommand {
    }

    /**
     * APPEND of one message, or of several (MULTIAPPEND, RFC 3502: all or nothing), each a literal or assembled
     * by CATENATE (RFC 4469).
     */
    record Append(String tag, String mailbox, List<AppendMessage> messages) implements MailboxCommand {
        public Append {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("APPEND needs a message");
            }
        }

        public Append(String tag, String mailbox, List<String> flags, Optional<ZonedDateTime> date, LiteralData message) {
            this(tag, mailbox, List.of(new AppendMessage(flags, date, new AppendContent.Literal(message))));
        }
    }

    record AppendMessage(List<String> flags, Optional<ZonedDateTime> date, AppendContent content) {
        public AppendMessage {
            flags = List.copyOf(flags);
        }
    }

    /**
     * How a literal was announced: {@code {n}} ({@link #TEXT}, a message whose line ends the server may normalise to
     * CRLF) or {@code ~{n}} ({@link #BINARY}, literal8 of RFC 3516 and RFC 6855 UTF8, kept octet for octet).
     */
    enum LiteralKind { TEXT, BINARY }

    /** The message as one literal (or literal8), or as CATENATE parts. */
    sealed interface AppendContent {
        record Literal(LiteralData data, LiteralKind kind) implements AppendContent {
            public Literal(LiteralData data) {
                this(data, LiteralKind.TEXT);
            }
        }

        record Catenate(List<CatenatePart> parts) implements AppendContent {
            public Catenate {
                parts = List.copyOf(parts);
            }
        }
    }

    /** RFC 4469 cat-part: {@code TEXT literal} or {@code URL "imap-url"}. */
    sealed interface CatenatePart {
        record Text(LiteralData data, LiteralKind kind) implements CatenatePart {
            public Text(LiteralData data) {
                this(data, LiteralKind.TEXT);
            }
        }

        record Url(String url) implements CatenatePart {
        }
    }

    record Namespace(String tag) implements MailboxCommand {
    }

    /** {@code NOTIFY NONE} (empty groups) or {@code NOTIFY SET [STATUS] groups} (RFC 5465 §3). */
    record Notify(String tag, NotifyCommand.InitialStatus status, List<NotifyCommand.Group> groups) implements MailboxCommand {
    }
}
