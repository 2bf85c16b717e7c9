package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The per-message metadata behind IMAP SAVEDATE (RFC 8514), OBJECTID (RFC 8474) and PREVIEW (RFC 8970), on H2 and
 * (when configured) PostgreSQL: the V14 {@code save_date} column and the ids derived from rows and thread keys.
 */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class MessageMetadataContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;

    AccountId alice;

    @BeforeEach
    void createAccount() {
        alice = accounts.createAccount(uniqueAddress("meta"), "{noop}x", false).id();
    }

    private MessageMeta only(MailboxInfo mailbox) {
        List<MessageMeta> metas = all(mailbox);
        assertThat(metas).hasSize(1);
        return metas.getFirst();
    }

    private List<MessageMeta> all(MailboxInfo mailbox) {
        List<MessageMeta> metas = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.ALL, metas::add);
        return metas;
    }

    private MailboxInfo mailbox(String name) {
        return store.mailbox(alice, name).orElseThrow();
    }

    @Test
    void saveDateShouldBeWhenTheMessageWasPutIntoEachMailboxNotItsInternalDate() throws Exception {
        store.createMailbox(alice, "Copies");
        store.createMailbox(alice, "Moved");
        Instant internal = Instant.parse("2020-01-02T03:04:05Z");
        Instant before = Instant.now().minusSeconds(2);
        store.append(alice, "INBOX", message("saved", "body"), Flags.NONE, Optional.of(internal));
        MessageMeta appended = only(mailbox("INBOX"));
        assertThat(appended.internalDate()).isEqualTo(internal);
        assertThat(appended.saveDate()).isBetween(before, Instant.now().plusSeconds(2));

        Thread.sleep(1100);   // the copies' save dates must be later than the original's
        store.copy(alice, mailbox("INBOX").id(), UidSet.ALL, "Copies");
        MessageMeta copied = only(mailbox("Copies"));
        assertThat(copied.saveDate()).isAfter(appended.saveDate());
        assertThat(copied.internalDate()).isEqualTo(internal);

        Thread.sleep(1100);
        store.move(alice, mailbox("Copies").id(), UidSet.ALL, "Moved");
        MessageMeta moved = only(mailbox("Moved"));
        assertThat(moved.saveDate()).isAfter(copied.saveDate());
        assertThat(only(mailbox("INBOX")).saveDate()).isEqualTo(appended.saveDate());
    }

    @Test
    void deliveryShouldStoreASaveDate() {
        Instant before = Instant.now().minus(Duration.ofSeconds(2));
        store.deliver(message("delivered", "hello"), List.of(alice));
        assertThat(only(mailbox("INBOX")).saveDate()).isBetween(before, Instant.now().plusSeconds(2));
    }

    @Test
    void emailIdShouldBeSharedByCopiesAndMovesAndDifferForAnotherMessage() {
        store.createMailbox(alice, "Other");
        store.append(alice, "INBOX", message("one", "first"), Flags.NONE, Optional.empty());
        store.append(alice, "INBOX", message("two", "second"), Flags.NONE, Optional.empty());
        List<MessageMeta> inbox = all(mailbox("INBOX"));
        store.copy(alice, mailbox("INBOX").id(), new UidSet(List.of(new UidRange(inbox.getFirst().uid(), inbox.getFirst().uid()))), "Other");
        assertThat(only(mailbox("Other")).emailId()).isEqualTo(inbox.getFirst().emailId());
        store.move(alice, mailbox("Other").id(), UidSet.ALL, "INBOX");
        List<MessageMeta> after = all(mailbox("INBOX"));
        assertThat(after).hasSize(3);
        assertThat(after.get(2).emailId()).isEqualTo(inbox.getFirst().emailId());
        assertThat(inbox.get(1).emailId()).isNotEqualTo(inbox.getFirst().emailId());
        assertThat(inbox.getFirst().emailId()).matches("M[0-9]{1,19}");
    }

    @Test
    void threadIdShouldBeSharedByARepliesAndDifferAcrossConversations() {
        store.append(alice, "INBOX", message("<root@example.test>", "Plans", "start", ""), Flags.NONE, Optional.empty());
        store.append(alice, "INBOX", message("<reply@example.test>", "Re: Plans", "reply",
                "In-Reply-To: <root@example.test>\r\nReferences: <root@example.test>\r\n"), Flags.NONE, Optional.empty());
        store.append(alice, "INBOX", message("<other@example.test>", "Other", "unrelated", ""), Flags.NONE, Optional.empty());
        List<MessageMeta> metas = all(mailbox("INBOX"));
        assertThat(metas.get(1).threadId()).isEqualTo(metas.get(0).threadId());
        assertThat(metas.get(2).threadId()).isNotEqualTo(metas.get(0).threadId());
        assertThat(metas.get(0).threadId()).matches("T[0-9a-f]{24}");
    }

    @Test
    void mailboxIdShouldSurviveRenameAndChangeAfterDeleteAndCreate() {
        MailboxInfo created = store.createMailbox(alice, "Projects");
        String id = ObjectIds.mailbox(created.id());
        store.renameMailbox(alice, "Projects", "Done");
        assertThat(ObjectIds.mailbox(mailbox("Done").id())).isEqualTo(id);
        store.deleteMailbox(alice, "Done");
        MailboxInfo again = store.createMailbox(alice, "Done");
        assertThat(ObjectIds.mailbox(again.id())).isNotEqualTo(id).matches("F[0-9]+");
    }

    @Test
    void previewShouldBeTheStoredWhitespaceCollapsedStartOfTheText() {
        store.append(alice, "INBOX", message("preview", "Hello   there,\r\n\r\n  this is\tthe text."), Flags.NONE,
                Optional.empty());
        assertThat(only(mailbox("INBOX")).preview()).isEqualTo("Hello there, this is the text.");
    }
}
