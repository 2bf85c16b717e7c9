package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Accounts, default folders, aliases and recipient resolution on H2 and (when configured) PostgreSQL. */
@SpringBootTest
abstract class AccountStoreContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    MailStore store;

    @Test
    void createAccountShouldCreateSubscribedDefaultFoldersWithSpecialUse() {
        AccountStore.Account account = accounts.createAccount(uniqueAddress("Fred"), "hash", true);
        Map<String, MailboxInfo> byName = store.mailboxes(account.id()).stream()
                .collect(Collectors.toMap(MailboxInfo::name, m -> m));

        assertThat(byName).containsOnlyKeys("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive");
        assertThat(byName.get("INBOX").specialUse()).isEmpty();
        for (SpecialUse use : SpecialUse.values()) {
            assertThat(byName.get(use.defaultName()).specialUse()).contains(use);
            assertThat(store.mailbox(account.id(), use).orElseThrow().name()).isEqualTo(use.defaultName());
        }
        assertThat(byName.values()).allMatch(MailboxInfo::subscribed);
        assertThat(byName.values()).extracting(MailboxInfo::uidValidity).doesNotHaveDuplicates()
                .allMatch(v -> v > 0 && v < 1L << 32);
        assertThat(store.subscriptions(account.id())).hasSize(6);
        assertThat(account.admin()).isTrue();
        assertThat(account.enabled()).isTrue();
        assertThat(account.toString()).doesNotContain("hash");
    }

    @Test
    void findAccountShouldIgnoreCaseAndRefuseDuplicates() {
        String address = uniqueAddress("Mixed");
        AccountStore.Account account = accounts.createAccount(address, "h", false);
        assertThat(accounts.findAccount(address.toUpperCase(Locale.ROOT))).contains(account);
        assertThat(accounts.findAccount(account.id())).contains(account);
        assertThatThrownBy(() -> accounts.createAccount(address.toLowerCase(Locale.ROOT), "h", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updatePasswordAndDisableShouldPersist() {
        AccountId id = accounts.createAccount(uniqueAddress("pw"), "old", false).id();
        accounts.updatePasswordHash(id, "new");
        accounts.setEnabled(id, false);
        AccountStore.Account reloaded = accounts.findAccount(id).orElseThrow();
        assertThat(reloaded.passwordHash()).isEqualTo("new");
        assertThat(reloaded.enabled()).isFalse();
    }

    @Test
    void updateDisplayNameShouldPersistAndBlankShouldClearIt() {
        AccountId id = accounts.createAccount(uniqueAddress("name"), "x", false).id();
        accounts.updateDisplayName(id, "  Alice Liddell ");
        assertThat(accounts.findAccount(id).orElseThrow().displayName()).isEqualTo("Alice Liddell");
        accounts.updateDisplayName(id, " ");
        assertThat(accounts.findAccount(id).orElseThrow().displayName()).isNull();
    }

    @Test
    void resolveRecipientShouldPreferExactThenAliasThenTagThenCatchAll() {
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        accounts.ensureDomain(domain);
        AccountId user = accounts.createAccount("user@" + domain, "h", false).id();
        AccountId sales = accounts.createAccount("sales@" + domain, "h", false).id();
        AccountId catchAll = accounts.createAccount("postmaster@" + domain, "h", false).id();
        accounts.addAlias("Info@" + domain.toUpperCase(Locale.ROOT), sales);
        accounts.addAlias("@" + domain, catchAll);

        assertThat(accounts.resolveRecipient("USER@" + domain)).contains(user);
        assertThat(accounts.resolveRecipient("info@" + domain)).contains(sales);
        assertThat(accounts.resolveRecipient("user+news@" + domain)).contains(user);
        assertThat(accounts.resolveRecipient("info+x@" + domain)).contains(sales);
        assertThat(accounts.resolveRecipient("nobody@" + domain)).contains(catchAll);
        assertThat(accounts.resolveRecipient("user@elsewhere.invalid")).isEmpty();
        assertThat(accounts.aliasesOf(sales)).containsExactly("info@" + domain);

        accounts.removeAlias("@" + domain);
        assertThat(accounts.resolveRecipient("nobody@" + domain)).isEmpty();
    }

    /**
     * RCPT's answers are kept for a few seconds (issue 17), but never across this node's own change: each of these
     * steps changes what the address resolves to and is seen by the next look-up at once.
     */
    @Test
    void aRecipientsDestinationShouldFollowEveryAliasAndAccountChangeAtOnce() {
        String domain = "rc" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        accounts.ensureDomain(domain);
        AccountId first = accounts.createAccount("first@" + domain, "h", false).id();
        AccountId second = accounts.createAccount("second@" + domain, "h", false).id();
        String team = "team@" + domain;
        assertThat(accounts.resolveRecipient(team)).isEmpty();

        accounts.addAlias(team, first);
        assertThat(accounts.resolveRecipient(team)).contains(first);
        assertThat(accounts.resolveRecipient(team)).contains(first);   // the kept answer

        accounts.removeAlias(team);
        assertThat(accounts.resolveRecipient(team)).isEmpty();
        accounts.addAlias(team, second);
        assertThat(accounts.resolveRecipient("TEAM@" + domain)).contains(second);

        accounts.removeAlias(team);
        accounts.addForward(team, "team@far.invalid");
        assertThat(accounts.resolveDestination(team)).contains(new AccountStore.Destination.Forward("team@far.invalid"));

        // an account made with the address an alias had: the account wins (exact account before alias)
        AccountId own = accounts.createAccount(team, "h", false).id();
        assertThat(accounts.resolveRecipient(team)).contains(own);
    }

    @Test
    void postmasterOfEveryLocalDomainShouldReachAnAdminWhenNobodyHasTheAddress() {
        String domain = "pm" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        accounts.ensureDomain(domain);
        accounts.createAccount(uniqueAddress("boss"), "h", true);

        AccountId postmaster = accounts.resolveRecipient("PostMaster@" + domain).orElseThrow();
        assertThat(accounts.findAccount(postmaster).orElseThrow()).satisfies(a -> {
            assertThat(a.admin()).isTrue();
            assertThat(a.enabled()).isTrue();
        });
        assertThat(accounts.resolveRecipient("postmaster+x@" + domain)).contains(postmaster);
        assertThat(accounts.resolveRecipient("webmaster@" + domain)).isEmpty();
    }

    /** isLocalDomain keeps its answers a short time (RecentLookups): a domain added or removed here applies at once. */
    @Test
    void aStoredDomainShouldBeLocalFromItsAdditionToItsRemoval() {
        String domain = "d" + System.nanoTime() + ".test";
        assertThat(accounts.isLocalDomain(domain)).isFalse();
        accounts.ensureDomain(domain);
        assertThat(accounts.isLocalDomain(domain)).isTrue();
        accounts.removeDomain(domain);
        assertThat(accounts.isLocalDomain(domain)).isFalse();
    }

    @Test
    void configuredDomainsShouldBeLocal() {
        assertThat(accounts.isLocalDomain("EXAMPLE.test")).isTrue();
        assertThat(accounts.isLocalDomain("remote.invalid")).isFalse();
        assertThat(accounts.domains()).contains("example.test", "other.test");
        assertThat(accounts.resolveRecipient("missing@example.test")).isEmpty();
    }

    @Test
    void maySendAsShouldAllowOwnAddressesAliasesAndTagsOnly() {
        String address = uniqueAddress("sender");
        AccountId me = accounts.createAccount(address, "h", false).id();
        AccountId other = accounts.createAccount(uniqueAddress("other"), "h", false).id();
        String alias = uniqueAddress("alias");
        accounts.addAlias(alias, me);
        String local = address.substring(0, address.indexOf('@'));

        assertThat(accounts.maySendAs(me, address.toUpperCase(Locale.ROOT))).isTrue();
        assertThat(accounts.maySendAs(me, alias)).isTrue();
        assertThat(accounts.maySendAs(me, local + "+tag@example.test")).isTrue();
        assertThat(accounts.maySendAs(other, alias)).isFalse();
        assertThat(accounts.maySendAs(me, "someone@remote.invalid")).isFalse();
        assertThat(accounts.resolveRecipient(alias)).isEqualTo(Optional.of(me));
    }
}
