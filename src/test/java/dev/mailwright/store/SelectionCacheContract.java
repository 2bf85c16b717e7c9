package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailStore.Selection;

/**
 * SELECT's pass over a large mailbox is kept between SELECTs only while the mailbox row's counters stand still: each
 * kind of change (append, flag, keyword, expunge, a mailbox recreated under its name) gives the next SELECT the
 * mailbox as it is now. On H2 and (when configured) PostgreSQL.
 */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SelectionCacheContract {
    /** Over {@code mailwright.selection-cache.min-messages}' default, 1,000. */
    private static final int MESSAGES = 1_200;

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessageRows messages;

    @Test
    void aKeptPassShouldServeOnlyWhileTheMailboxIsUnchanged() {
        AccountId alice = accounts.createAccount(uniqueAddress("alice"), "{noop}x", false).id();
        MailboxId big = fill(alice, "Big");

        Selection first = store.selection(big);
        assertThat(first.uids()).hasSize(MESSAGES);
        assertThat(first.firstUnseenUid()).isEqualTo(1);
        Selection again = store.selection(alice, big);
        assertThat(again.uids()).as("kept").isSameAs(first.uids());

        store.updateFlags(alice, big, UidSet.of(1, 2), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        Selection seen = store.selection(big);
        assertThat(seen.uids()).isNotSameAs(first.uids()).hasSize(MESSAGES);
        assertThat(seen.firstUnseenUid()).isEqualTo(3);

        store.updateFlags(alice, big, UidSet.of(7), FlagChange.ADD, Flags.parse(List.of("$Important")), Optional.empty());
        assertThat(store.selection(big).keywords()).contains("$Important");

        long appended = store.append(alice, "Big", message("late"), Flags.NONE, Optional.empty()).uid();
        Selection grown = store.selection(big);
        assertThat(grown.uids()).hasSize(MESSAGES + 1);
        assertThat(grown.uids()[MESSAGES]).isEqualTo(appended);

        store.updateFlags(alice, big, UidSet.of(5, appended), FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        assertThat(store.expunge(alice, big, Optional.empty())).containsExactly(5L, appended);
        Selection shrunk = store.selection(big);
        assertThat(shrunk.uids()).hasSize(MESSAGES - 1).doesNotContain(5L, appended);
        assertThat(store.selection(big).uids()).as("kept again").isSameAs(shrunk.uids());

        // deleted and created again under the same name: a new mailbox (new id, new uidvalidity), nothing kept
        store.deleteMailbox(alice, "Big");
        MailboxId recreated = fill(alice, "Big");
        assertThat(store.selection(recreated).uids()).hasSize(MESSAGES).isNotSameAs(shrunk.uids());
    }

    @Test
    void theKeptPassesShouldNeverHoldMoreUidsThanConfigured() {
        AccountId carol = accounts.createAccount(uniqueAddress("carol"), "{noop}x", false).id();
        MailboxId first = fill(carol, "First");
        MailboxId second = fill(carol, "Second");
        int[] reads = {0};
        java.util.function.LongFunction<Selection> read = id -> {
            reads[0]++;
            return messages.selection(id);
        };
        SelectionCache room = new SelectionCache(jdbc, new MailwrightProperties.SelectionCache(MESSAGES + 100, 1_000));
        room.selection(first.value(), read);
        room.selection(first.value(), read);
        assertThat(reads[0]).as("the second from memory").isEqualTo(1);
        room.selection(second.value(), read);   // room for one: the first goes
        room.selection(first.value(), read);
        assertThat(reads[0]).isEqualTo(3);
        assertThat(room.size()).isEqualTo(1);

        SelectionCache none = new SelectionCache(jdbc, new MailwrightProperties.SelectionCache(0, 1_000));
        none.selection(first.value(), read);
        none.selection(first.value(), read);
        assertThat(reads[0]).isEqualTo(5);
        assertThat(none.size()).isZero();
    }

    @Test
    void aSmallMailboxShouldBeReadEveryTime() {
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "{noop}x", false).id();
        store.append(bob, "INBOX", message("one"), Flags.NONE, Optional.empty());
        MailboxId inbox = store.mailbox(bob, "INBOX").orElseThrow().id();
        assertThat(store.selection(inbox).uids()).isNotSameAs(store.selection(inbox).uids());
    }

    private static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.test\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private MailboxId fill(AccountId account, String name) {
        return StoreTestSupport.mailboxOfPlacements(store, jdbc, account, name, MESSAGES);
    }
}
