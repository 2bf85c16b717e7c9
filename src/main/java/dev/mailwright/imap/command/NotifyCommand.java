package dev.mailwright.imap.command;

import java.util.List;
import java.util.Set;

/** The parts of {@code NOTIFY SET} (RFC 5465 §3); mailbox names are decoded Unicode. */
public final class NotifyCommand {
    private NotifyCommand() {
    }

    /** RFC 5465 §5 event names, as the client spells them in {@link #wireName}. */
    public enum Event {
        MESSAGE_NEW("MessageNew"), MESSAGE_EXPUNGE("MessageExpunge"), FLAG_CHANGE("FlagChange"),
        ANNOTATION_CHANGE("AnnotationChange"), MAILBOX_NAME("MailboxName"), SUBSCRIPTION_CHANGE("SubscriptionChange"),
        MAILBOX_METADATA_CHANGE("MailboxMetadataChange"), SERVER_METADATA_CHANGE("ServerMetadataChange");

        private final String wireName;

        Event(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Which mailboxes a group of events is about (RFC 5465 §6). */
    public sealed interface Filter {
    }

    /** {@code SELECTED} or {@code SELECTED-DELAYED}: the selected mailbox, whichever it is when the event happens. */
    public record Selected(Delay delay) implements Filter {
    }

    public enum Delay { NONE, DELAYED }

    public record Inboxes() implements Filter {
    }

    public record Personal() implements Filter {
    }

    public record Subscribed() implements Filter {
    }

    public record Subtree(List<String> mailboxes) implements Filter {
    }

    public record Mailboxes(List<String> mailboxes) implements Filter {
    }

    /**
     * One {@code (filter events)} group; {@code newMessageItems}: MessageNew's fetch attributes, SELECTED only;
     * {@code unknownEvents}: event names this server does not know (answered NO [BADEVENT]).
     */
    public record Group(Filter filter, Set<Event> events, List<FetchItem> newMessageItems, List<String> unknownEvents) {
    }

    /** Whether {@code NOTIFY SET STATUS} asked for the STATUS of the watched mailboxes at once. */
    public enum InitialStatus { SEND, OMIT }
}
