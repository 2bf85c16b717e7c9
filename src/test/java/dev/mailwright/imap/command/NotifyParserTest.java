package dev.mailwright.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.NotifyCommand.*;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** RFC 5465 §8 grammar, decoded into records. */
class NotifyParserTest {

    private static ImapCommand parse(String line) {
        return ImapParser.parse(List.of(new FramePart.Line(line)), NameEncoding.MODIFIED_UTF7);
    }

    @Test
    void notifySetShouldDecodeTheRfcExampleWithSelectedFetchAttributesAndASubtree() {
        assertThat(parse("a NOTIFY SET STATUS (selected (MessageNew (uid flags) MessageExpunge)) "
                + "(subtree (Lists \"Other &APY-\") (MessageNew MessageExpunge MailboxName))"))
                .isEqualTo(new MailboxCommand.Notify("a", InitialStatus.SEND, List.of(
                        new Group(new Selected(Delay.NONE), Set.of(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE),
                                List.of(new FetchItem.Uid(), new FetchItem.Flags()), List.of()),
                        new Group(new Subtree(List.of("Lists", "Other ö")),
                                Set.of(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.MAILBOX_NAME), List.of(), List.of()))));
    }

    @Test
    void notifyShouldDecodeNoneFiltersWithoutEventsAndUnknownEventNames() {
        assertThat(parse("b NOTIFY NONE")).isEqualTo(new MailboxCommand.Notify("b", InitialStatus.OMIT, List.of()));
        assertThat(parse("c NOTIFY SET (INBOXES NONE) (mailboxes Work (MessageNew MessageExpunge XFuture))"))
                .isEqualTo(new MailboxCommand.Notify("c", InitialStatus.OMIT, List.of(
                        new Group(new Inboxes(), Set.of(), List.of(), List.of()),
                        new Group(new Mailboxes(List.of("Work")), Set.of(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE),
                                List.of(), List.of("XFuture")))));
    }

    @Test
    void notifyShouldBeBadOutsideTheGrammar() {
        assertThatThrownBy(() -> parse("a NOTIFY")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a NOTIFY SET")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a NOTIFY SET (personal (MessageNew MessageExpunge)")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a NOTIFY SET (subtree (MessageNew MessageExpunge))")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a NOTIFY SET (personal (MessageExpunge))"))
                .isInstanceOf(DecodeException.class).hasMessage("MessageNew and MessageExpunge go together");
    }
}
