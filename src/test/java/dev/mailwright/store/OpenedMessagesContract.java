package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.store.MailStore.FlagChange;

/**
 * The rows of messages opened lately serve the next FETCH of their bytes from memory ({@link OpenedMessages}): the
 * same row, so no statement; but never as proof of their flags, never once expunged, and never more of them than
 * configured. On H2 and (when configured) PostgreSQL.
 */
@SpringBootTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class OpenedMessagesContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;

    @Test
    void anOpenedMessageShouldBeServedFromMemoryUntilExpunged() {
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "{noop}x", false).id();
        long one = store.append(bob, "INBOX", message("one", "first body"), Flags.NONE, Optional.empty()).uid();
        long two = store.append(bob, "INBOX", message("two", "second body"), Flags.NONE, Optional.empty()).uid();
        MailboxId inbox = store.mailbox(bob, "INBOX").orElseThrow().id();

        MessageMeta opened = single(contentMeta(bob, inbox, UidSet.of(one)));
        MessageMeta row = single(metaBeforeBytes(bob, inbox, UidSet.of(one)));
        assertThat(opened).as("the row as the database has it").isEqualTo(row);

        store.updateFlags(bob, inbox, UidSet.of(one), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        MessageMeta again = single(contentMeta(bob, inbox, UidSet.of(one)));
        assertThat(again).as("served from memory: the very row read before").isSameAs(opened);
        assertThat(again.flags().has(SystemFlag.SEEN)).as("its flags are as read then, which FETCH never answers").isFalse();
        assertThat(single(metaBeforeBytes(bob, inbox, UidSet.of(one))).flags().has(SystemFlag.SEEN)).isTrue();

        List<MessageMeta> both = contentMeta(bob, inbox, UidSet.of(one, two));
        assertThat(both).extracting(MessageMeta::uid).containsExactly(one, two);
        assertThat(both.getFirst()).as("one of the two not kept yet: both read from the database").isNotSameAs(opened);

        store.updateFlags(bob, inbox, UidSet.of(one), FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        assertThat(store.expunge(bob, inbox, Optional.empty())).containsExactly(one);
        assertThat(contentMeta(bob, inbox, UidSet.of(one))).as("forgotten with its expunge").isEmpty();
        assertThat(contentMeta(bob, inbox, UidSet.of(two))).extracting(MessageMeta::uid).containsExactly(two);
    }

    @Test
    void theOpenedMessagesShouldNeverBeMoreThanConfigured() {
        AccountId carol = accounts.createAccount(uniqueAddress("carol"), "{noop}x", false).id();
        for (int i = 0; i < 3; i++) {
            store.append(carol, "INBOX", message("m" + i, "body " + i), Flags.NONE, Optional.empty());
        }
        MailboxId inbox = store.mailbox(carol, "INBOX").orElseThrow().id();
        List<MessageMeta> rows = metaBeforeBytes(carol, inbox, UidSet.ALL);
        assertThat(rows).hasSize(3);

        OpenedMessages two = new OpenedMessages(2);
        rows.forEach(meta -> two.keep(inbox.value(), meta));
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.all(inbox.value(), UidSet.of(rows.getFirst().uid()), 64)).as("the oldest went first").isEmpty();
        assertThat(two.all(inbox.value(), UidSet.of(rows.get(1).uid(), rows.get(2).uid()), 64).orElseThrow())
                .containsExactly(rows.get(1), rows.get(2));
        assertThat(two.all(inbox.value(), UidSet.of(rows.get(1).uid(), rows.get(2).uid()), 1))
                .as("more UIDs than asked for").isEmpty();
        assertThat(two.all(inbox.value(), UidSet.ALL, 64)).as("a range up to * is not walked").isEmpty();

        OpenedMessages none = new OpenedMessages(0);
        rows.forEach(meta -> none.keep(inbox.value(), meta));
        assertThat(none.size()).isZero();

        // rows of many parts carry structures of hundreds of kB: the text, not only the count, is bounded
        OpenedMessages ten = new OpenedMessages(10);
        long budget = 10 * OpenedMessages.CHARS_PER_ROW;
        rows.forEach(meta -> ten.keep(inbox.value(), meta));
        ten.keep(inbox.value(), withStructure(rows.getFirst(), budget + 1));
        assertThat(ten.size()).as("a row larger than the whole budget is not kept").isEqualTo(3);
        MessageMeta second = rows.get(1);
        MessageMeta wholeBudget = withStructure(second,
                budget - (OpenedMessages.charsOf(second) - second.bodyStructure().length()));
        assertThat(OpenedMessages.charsOf(wholeBudget)).isEqualTo(budget);
        ten.keep(inbox.value(), wholeBudget);
        assertThat(ten.chars()).isEqualTo(budget);
        assertThat(ten.size()).isEqualTo(1);
        assertThat(ten.all(inbox.value(), UidSet.of(rows.get(1).uid()), 64)).isPresent();
        assertThat(ten.all(inbox.value(), UidSet.of(rows.getFirst().uid()), 64)).as("made room").isEmpty();
        ten.onExpunged(new MailboxEvent.MessagesExpunged(carol, inbox, List.of(rows.get(1).uid()), 99));
        assertThat(ten.chars()).isZero();
    }

    private static MessageMeta withStructure(MessageMeta m, long chars) {
        return new MessageMeta(m.uid(), m.modseq(), m.flags(), m.internalDate(), m.size(), m.blobHash(), m.envelope(),
                "x".repeat((int) chars), m.body(), m.partTree(), m.subject(), m.from(), m.sentDate(), m.preview(),
                m.hasAttachments(), m.messageId(), m.threadKey(), m.messageRow(), m.saveDate());
    }

    private List<MessageMeta> contentMeta(AccountId viewer, MailboxId mailbox, UidSet uids) {
        List<MessageMeta> rows = new ArrayList<>();
        store.forEachContentMeta(viewer, mailbox, uids, rows::add);
        return rows;
    }

    private List<MessageMeta> metaBeforeBytes(AccountId viewer, MailboxId mailbox, UidSet uids) {
        List<MessageMeta> rows = new ArrayList<>();
        store.forEachMetaBeforeBytes(viewer, mailbox, uids, rows::add);
        return rows;
    }

    private static MessageMeta single(List<MessageMeta> rows) {
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }
}
