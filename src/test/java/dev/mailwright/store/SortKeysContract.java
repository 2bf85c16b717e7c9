package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The per-message SORT and THREAD keys of V11 ({@link MailStore#forEachSortKeys}, {@link MailStore#forEachThreadLinks}):
 * stored at append, computed on the fly for rows from before V11, and filled by the catch-up. H2 and PostgreSQL.
 */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SortKeysContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SortFieldsCatchUp catchUp;
    @Autowired
    MessageRows messageRows;
    @Autowired
    StoreTransactions tx;

    AccountId alice;

    @BeforeEach
    void createAccount() {
        alice = accounts.createAccount(uniqueAddress("alice"), "{noop}x", false).id();
    }

    private long append(String mailbox, String text, Instant internal) {
        return store.append(alice, mailbox, MessageSource.of(text.getBytes(StandardCharsets.UTF_8)), Flags.NONE,
                Optional.of(internal)).uid();
    }

    private MailboxInfo fill() {
        MailboxInfo box = store.createMailbox(alice, "Keys");
        append("Keys", "From: \"=?UTF-8?Q?J=C3=BCrgen?=\" <jurgen@example.test>\r\nTo: Team <team@example.test>\r\n"
                + "Cc: boss@example.test\r\nSubject: Re: [dev] =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= (fwd)\r\n"
                + "Date: Mon, 02 Mar 2020 10:00:00 +0100\r\nMessage-ID: <k1@example.test>\r\n"
                + "References: <r0@example.test> <r1@example.test>\r\nIn-Reply-To: <r1@example.test>\r\n\r\nbody\r\n",
                Instant.parse("2020-03-05T00:00:00Z"));
        append("Keys", "Subject: plain\r\nIn-Reply-To: <k1@example.test>\r\n\r\nno date\r\n", Instant.parse("2020-03-06T00:00:00Z"));
        return box;
    }

    private List<MessageSortKeys> sortKeys(MailboxInfo box) {
        List<MessageSortKeys> out = new ArrayList<>();
        store.forEachSortKeys(box.id(), out::add);
        return out;
    }

    private List<MessageThreadLinks> links(MailboxInfo box) {
        List<MessageThreadLinks> out = new ArrayList<>();
        store.forEachThreadLinks(box.id(), out::add);
        return out;
    }

    private void expectKeys(MailboxInfo box) {
        List<MessageSortKeys> keys = sortKeys(box);
        assertThat(keys).hasSize(2);
        MessageSortKeys first = keys.getFirst();
        assertThat(first.uid()).isEqualTo(1);
        assertThat(first.sentDate()).isEqualTo(Instant.parse("2020-03-02T09:00:00Z"));
        assertThat(first.internalDate()).isEqualTo(Instant.parse("2020-03-05T00:00:00Z"));
        assertThat(first.baseSubject()).isEqualTo("GRüßE");
        assertThat(List.of(first.fromMailbox(), first.toMailbox(), first.ccMailbox(), first.displayFrom(), first.displayTo()))
                .containsExactly("JURGEN", "TEAM", "BOSS", "JüRGEN", "TEAM");
        MessageSortKeys second = keys.get(1);
        assertThat(second.sentDate()).as("no Date: the internal date").isEqualTo(Instant.parse("2020-03-06T00:00:00Z"));
        assertThat(List.of(second.baseSubject(), second.fromMailbox(), second.displayTo())).containsExactly("PLAIN", "", "");
        assertThat(second.size()).isEqualTo("Subject: plain\r\nIn-Reply-To: <k1@example.test>\r\n\r\nno date\r\n".length());

        List<MessageThreadLinks> links = links(box);
        assertThat(links.getFirst()).isEqualTo(new MessageThreadLinks(1, Instant.parse("2020-03-02T09:00:00Z"), "GRüßE", true,
                Optional.of("k1@example.test"), List.of("r0@example.test", "r1@example.test")));
        assertThat(links.get(1)).isEqualTo(new MessageThreadLinks(2, Instant.parse("2020-03-06T00:00:00Z"), "PLAIN", false,
                Optional.empty(), List.of("k1@example.test")));
    }

    @Test
    void keysShouldBeStoredAtAppend() {
        MailboxInfo box = fill();
        expectKeys(box);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mailbox_message mm LEFT JOIN message_keys k ON k.message_id = mm.message_id"
                + " WHERE mm.mailbox_id = ? AND k.message_id IS NULL").param(box.id().value()).query(Long.class).single())
                .isZero();
    }

    /** V29: messages stored before it have no keys row; they are read right, then the catch-up gives them one. */
    @Test
    void messagesWithoutKeysShouldBeReadCorrectlyAndThenFilledByTheCatchUp() {
        MailboxInfo box = fill();
        jdbc.sql("DELETE FROM message_keys WHERE message_id IN (SELECT id FROM message WHERE account_id = ?)")
                .param(alice.value()).update();
        expectKeys(box);
        assertThat(catchUp.run()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message m WHERE NOT EXISTS"
                + " (SELECT 1 FROM message_keys k WHERE k.message_id = m.id)").query(Long.class).single()).isZero();
        expectKeys(box);
        assertThat(catchUp.run()).as("nothing left").isZero();
    }

    /** A copy into another owner's mailbox is a new message row: it gets the original's keys. */
    @Test
    void aMessageRowCopiedForAnotherAccountShouldKeepItsKeys() {
        MailboxInfo box = fill();
        long original = jdbc.sql("SELECT message_id FROM mailbox_message WHERE mailbox_id = ? AND uid = 1")
                .param(box.id().value()).query(Long.class).single();
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "{noop}x", false).id();
        long copy = tx.write(() -> messageRows.duplicateMessage(original, bob.value()));
        assertThat(jdbc.sql("SELECT base_subject, thread_parents FROM message_keys WHERE message_id = ?").param(copy)
                .query((rs, n) -> rs.getString(1) + "|" + rs.getString(2)).single())
                .isEqualTo("GRüßE|r0@example.test r1@example.test");
    }

    /** THREAD's parents: the References ids, else In-Reply-To; the oldest dropped beyond the column's size. */
    @Test
    void threadParentsShouldKeepTheNearestReferencesWithinTheirBound() {
        assertThat(SortRows.parents(List.of("a@x", "b@x"), "c@x")).isEqualTo("a@x b@x");
        assertThat(SortRows.parents(List.of(), " c@x ")).isEqualTo("c@x");
        assertThat(SortRows.parents(List.of(), null)).isEmpty();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add("reference-" + i + "@example.test");
        }
        String kept = SortRows.parents(many, null);
        assertThat(kept.length()).isLessThanOrEqualTo(SortRows.MAX_PARENTS);
        assertThat(kept).endsWith("reference-1999@example.test").doesNotStartWith(" ");
        assertThat(kept.split(" ")[0]).matches("reference-\\d+@example\\.test");
    }
}
