package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.store.TrustedSenders.Added;

/** The trusted-sender list (V24) on H2 and PostgreSQL: per account, case-blind, bounded, removable. */
@SpringBootTest
abstract class TrustedSendersContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    TrustedSenders trusted;

    AccountId owner;
    AccountId other;

    @BeforeEach
    void accounts() {
        owner = accounts.createAccount(uniqueAddress("trust"), "hash", false).id();
        other = accounts.createAccount(uniqueAddress("other"), "hash", false).id();
    }

    @Test
    void aTrustedSenderShouldBeFoundWithoutCaseAndOnlyForItsAccount() {
        assertThat(trusted.add(owner, "News@Shop.Example", 10)).isEqualTo(Added.ADDED);
        assertThat(trusted.add(owner, "news@shop.example ", 10)).isEqualTo(Added.ALREADY_TRUSTED);
        assertThat(trusted.trusts(owner, "NEWS@shop.example")).isTrue();
        assertThat(trusted.trusts(owner, "other@shop.example")).isFalse();
        assertThat(trusted.trusts(other, "news@shop.example")).as("another account").isFalse();
        assertThat(trusted.list(owner)).containsExactly("news@shop.example");
        assertThat(trusted.list(other)).isEmpty();
    }

    @Test
    void theLimitShouldHoldAndRemovingShouldFreeASlot() {
        assertThat(trusted.add(owner, "b@x.example", 2)).isEqualTo(Added.ADDED);
        assertThat(trusted.add(owner, "a@x.example", 2)).isEqualTo(Added.ADDED);
        assertThat(trusted.add(owner, "c@x.example", 2)).isEqualTo(Added.LIMIT_REACHED);
        assertThat(trusted.list(owner)).containsExactly("a@x.example", "b@x.example");
        assertThat(trusted.remove(owner, "B@X.example")).isTrue();
        assertThat(trusted.remove(owner, "b@x.example")).isFalse();
        assertThat(trusted.remove(other, "a@x.example")).as("another account's entry").isFalse();
        assertThat(trusted.add(owner, "c@x.example", 2)).isEqualTo(Added.ADDED);
        assertThat(trusted.list(owner)).containsExactly("a@x.example", "c@x.example");
    }
}
