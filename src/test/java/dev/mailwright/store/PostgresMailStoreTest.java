package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mailwright.store.MailStore.FlagChange;

@EnabledIfEnvironmentVariable(named = StoreTestSupport.POSTGRES_URL, matches = ".+")
class PostgresMailStoreTest extends MailStoreContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.postgres(registry);
    }

    @Autowired
    PlatformTransactionManager transactions;

    /**
     * EXPUNGE's question is answered from the partial index of the \\Deleted rows (V34), not by reading the mailbox.
     * The mailbox holds enough messages, and the statistics are fresh, for the primary key's range to cost clearly
     * more than the partial index (with two rows both cost the same and the planner picked either); sequential scans
     * are switched off for the EXPLAIN: on a table this small the planner would rightly prefer one.
     */
    @Test
    void expungeShouldFindTheDeletedMessagesThroughThePartialIndex() {
        for (int i = 0; i < 200; i++) {
            deliver("kept " + i);
        }
        long gone = deliver("gone");
        store.updateFlags(alice, inbox.id(), UidSet.of(gone), FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        UidSql.Clause everything = UidSql.clauses("mm.uid", UidSet.ALL).getFirst();

        jdbc.sql("ANALYZE mailbox_message").update();
        List<String> plan = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN " + MessageRows.DELETED_UIDS.formatted(everything.sql()))
                    .param(inbox.id().value()).params(everything.params()).query(String.class).list();
        });

        assertThat(String.join("\n", plan)).contains("ix_mm_deleted");
        assertThat(store.expunge(alice, inbox.id(), Optional.empty())).containsExactly(gone);
    }
}
