package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import dev.mailwright.store.AccountStore.Destination;

/** Quota enforcement and usage, forwarding aliases and domain removal, on H2 and (when configured) PostgreSQL. */
@SpringBootTest
@Timeout(120)
abstract class QuotaContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    MailStore store;

    private AccountId account(Quota quota) {
        AccountId id = accounts.createAccount(uniqueAddress("q"), "h", false).id();
        accounts.setQuota(id, quota);
        return id;
    }

    @Test
    void usageShouldFollowDeliveryCopyAndExpunge() {
        AccountId id = account(Quota.UNLIMITED);
        MessageSource raw = message("usage", "body");
        store.deliver(raw, List.of(id));
        MailboxInfo inbox = store.mailbox(id, "INBOX").orElseThrow();
        store.copy(id, inbox.id(), UidSet.ALL, "Archive");
        assertThat(accounts.quotaUsage(id)).isEqualTo(new Quota.Usage(2 * raw.size(), 2, Quota.UNLIMITED));

        store.updateFlags(id, inbox.id(), UidSet.ALL, MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        store.expunge(id, inbox.id(), Optional.empty());
        assertThat(accounts.quotaUsage(id)).isEqualTo(new Quota.Usage(raw.size(), 1, Quota.UNLIMITED));
    }

    @Test
    void deliveryShouldBeRefusedWholeWhenOneRecipientWouldExceedItsStorage() {
        AccountId roomy = account(Quota.UNLIMITED);
        AccountId tight = account(new Quota(OptionalLong.of(100), OptionalLong.empty()));

        assertThatThrownBy(() -> store.deliver(message("too big", "x".repeat(200)), List.of(roomy, tight)))
                .isInstanceOf(StoreException.OverQuota.class);
        assertThat(accounts.quotaUsage(roomy).messages()).isZero();
        assertThat(accounts.quotaUsage(tight).messages()).isZero();
    }

    @Test
    void concurrentDeliveriesShouldNeverExceedTheMessageLimit() throws Exception {
        AccountId id = account(new Quota(OptionalLong.empty(), OptionalLong.of(5)));
        List<Callable<Boolean>> deliveries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            deliveries.add(() -> {
                try {
                    store.deliver(message("race " + n, "body " + n), List.of(id));
                    return true;
                } catch (StoreException.OverQuota refused) {
                    return false;
                }
            });
        }
        int delivered = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(deliveries)) {
                delivered += f.get() ? 1 : 0;
            }
        }
        assertThat(delivered).isEqualTo(5);
        assertThat(accounts.quotaUsage(id).messages()).isEqualTo(5);
        assertThat(accounts.quotaUsage(id).full()).isTrue();
    }

    @Test
    void aLimitSetAfterDeliveriesShouldApplyToTheNextOneAtOnce() {
        AccountId id = account(Quota.UNLIMITED);
        store.deliver(message("while unlimited", "b"), List.of(id));   // the account's limits are now remembered
        assertThat(accounts.quotaLimited(id)).isFalse();   // SMTP's RCPT then reads no usage
        accounts.setQuota(id, new Quota(OptionalLong.empty(), OptionalLong.of(1)));
        assertThat(accounts.quotaLimited(id)).as("a limit set on this node is seen at once").isTrue();

        assertThatThrownBy(() -> store.deliver(message("over the new limit", "b"), List.of(id)))
                .isInstanceOf(StoreException.OverQuota.class);
        assertThat(accounts.quotaUsage(id).messages()).isEqualTo(1);
    }

    @Test
    void appendShouldThrowOverQuotaWhenTheMessageLimitIsReached() {
        AccountId id = account(new Quota(OptionalLong.empty(), OptionalLong.of(1)));
        store.append(id, "Drafts", message("one", "b"), Flags.NONE, Optional.empty());
        assertThatThrownBy(() -> store.append(id, "Drafts", message("two", "b"), Flags.NONE, Optional.empty()))
                .isInstanceOf(StoreException.OverQuota.class);
        accounts.setQuota(id, Quota.UNLIMITED);
        store.append(id, "Drafts", message("three", "b"), Flags.NONE, Optional.empty());
        assertThat(accounts.quotaUsage(id).messages()).isEqualTo(2);
    }

    @Test
    void forwardAliasShouldResolveToTheExternalAddressButNeverAsAnAccount() {
        String source = uniqueAddress("fwd");
        accounts.addForward(source.toUpperCase(java.util.Locale.ROOT), "Someone@Remote.Invalid");

        assertThat(accounts.resolveDestination(source)).contains(new Destination.Forward("Someone@remote.invalid"));
        assertThat(accounts.resolveRecipient(source)).isEmpty();
        assertThat(accounts.aliases()).contains(new AccountStore.Alias(source.toLowerCase(java.util.Locale.ROOT),
                new Destination.Forward("Someone@remote.invalid")));
        assertThatThrownBy(() -> accounts.addForward(uniqueAddress("loop"), "someone@example.test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.addForward("x@elsewhere.invalid", "someone@remote.invalid"))
                .isInstanceOf(IllegalArgumentException.class);
        accounts.removeAlias(source);
        assertThat(accounts.resolveDestination(source)).isEmpty();
    }

    @Test
    void removeDomainShouldRefuseConfiguredAndUsedDomains() {
        String domain = "d" + System.nanoTime() + ".test";
        accounts.ensureDomain(domain);
        AccountId user = accounts.createAccount("u@" + domain, "h", false).id();
        assertThat(accounts.isLocalDomain(domain)).isTrue();
        assertThatThrownBy(() -> accounts.removeDomain(domain)).isInstanceOfSatisfying(AccountRefusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(AccountRefusal.Reason.DOMAIN_IN_USE));
        assertThatThrownBy(() -> accounts.removeDomain("example.test")).isInstanceOf(IllegalArgumentException.class);

        String empty = "e" + System.nanoTime() + ".test";
        accounts.ensureDomain(empty);
        accounts.removeDomain(empty);
        assertThat(accounts.isLocalDomain(empty)).isFalse();
        assertThat(accounts.findAccount(user)).isPresent();
    }
}
