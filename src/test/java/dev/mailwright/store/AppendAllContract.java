package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.store.MailStore.NewMessage;

/**
 * {@link MailStore#appendAll} (IMAP MULTIAPPEND, RFC 3502): one transaction, all or nothing, quota for the total,
 * consecutive UIDs even while deliveries race, on H2 and (when configured) PostgreSQL. Bounded: 120 s.
 */
@SpringBootTest
@Timeout(120)
abstract class AppendAllContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    MailStore store;

    private AccountId account(Quota quota) {
        AccountId id = accounts.createAccount(uniqueAddress("multi"), "h", false).id();
        accounts.setQuota(id, quota);
        return id;
    }

    @Test
    void appendAllShouldPlaceEveryMessageWithConsecutiveUidsFlagsAndDatesInOrder() {
        AccountId id = account(Quota.UNLIMITED);
        Instant date = Instant.parse("2020-01-02T03:04:05Z");
        AppendAllResult result = appendThree(id, "INBOX", date);
        MailboxInfo inbox = store.mailbox(id, "INBOX").orElseThrow();
        assertThat(result.appended().uids()).containsExactly(1L, 2L, 3L);
        assertThat(result.appended().uidValidity()).isEqualTo(inbox.uidValidity());
        List<MessageMeta> metas = new ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, metas::add);
        assertThat(metas).extracting(MessageMeta::uid).containsExactly(1L, 2L, 3L);
        assertThat(metas).extracting(MessageMeta::size)
                .containsExactly(result.sources().get(0).size(), result.sources().get(1).size(), result.sources().get(2).size());
        assertThat(metas.get(0).flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(metas.get(1).flags().has(SystemFlag.SEEN)).isFalse();
        assertThat(metas.get(2).internalDate()).isEqualTo(date);
        assertThat(accounts.quotaUsage(id).messages()).isEqualTo(3);
    }

    private record AppendAllResult(MailStore.AppendedAll appended, List<MessageSource> sources) {
    }

    private AppendAllResult appendThree(AccountId id, String mailbox, Instant date) {
        List<MessageSource> sources = List.of(message("one", "1"), message("two", "22"), message("three", "333"));
        MailStore.AppendedAll appended = store.appendAll(id, mailbox, List.of(
                new NewMessage(sources.get(0), Flags.of(SystemFlag.SEEN), Optional.empty()),
                new NewMessage(sources.get(1), Flags.NONE, Optional.empty()),
                new NewMessage(sources.get(2), Flags.NONE, Optional.of(date))));
        return new AppendAllResult(appended, sources);
    }

    @Test
    void appendAllShouldStoreNothingWhenTheMessagesTogetherExceedTheQuota() {
        AccountId id = account(new Quota(OptionalLong.empty(), OptionalLong.of(2)));
        assertThatThrownBy(() -> appendThree(id, "INBOX", Instant.now())).isInstanceOf(StoreException.OverQuota.class);
        MailboxInfo inbox = store.mailbox(id, "INBOX").orElseThrow();
        assertThat(accounts.quotaUsage(id).messages()).isZero();
        assertThat(inbox.uidNext()).isEqualTo(1);
        // each message alone fits: the refusal was for the total
        store.append(id, "INBOX", message("alone", "a"), Flags.NONE, Optional.empty());
        assertThat(accounts.quotaUsage(id).messages()).isEqualTo(1);
    }

    @Test
    void appendAllShouldStoreNothingWhenTheMailboxIsMissing() {
        AccountId id = account(Quota.UNLIMITED);
        assertThatThrownBy(() -> appendThree(id, "Nowhere", Instant.now())).isInstanceOf(StoreException.MailboxNotFound.class);
        assertThat(accounts.quotaUsage(id).messages()).isZero();
    }

    @Test
    void appendAllUidsShouldStayConsecutiveWhileDeliveriesRace() throws Exception {
        AccountId id = account(Quota.UNLIMITED);
        List<Callable<List<Long>>> work = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            work.add(() -> n % 2 == 0
                    ? appendThree(id, "INBOX", Instant.now()).appended().uids()
                    : List.of(store.deliver(message("race " + n, "b"), List.of(id)).deliveries().getFirst().uid()));
        }
        List<Long> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<List<Long>> f : pool.invokeAll(work)) {
                List<Long> uids = f.get();
                for (int i = 1; i < uids.size(); i++) {
                    assertThat(uids.get(i)).isEqualTo(uids.get(i - 1) + 1);
                }
                all.addAll(uids);
            }
        }
        assertThat(all).hasSize(6 * 3 + 6).doesNotHaveDuplicates();
        assertThat(accounts.quotaUsage(id).messages()).isEqualTo(24);
    }
}
