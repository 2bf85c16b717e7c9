package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The start-up warm-up picks the largest mailboxes at or above its threshold, at most as many as configured. */
@SpringBootTest
class StartupWarmupTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.h2(registry);
        registry.add("mailwright.warmup.mailboxes", () -> "2");
        registry.add("mailwright.warmup.min-messages", () -> "2");
    }

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    StartupWarmup warmup;

    @Test
    void theLargestMailboxesAboveTheThresholdShouldBeRead() {
        AccountId alice = accounts.createAccount(uniqueAddress("alice"), "h", false).id();
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        MailboxInfo two = store.createMailbox(alice, "Two");
        MailboxInfo one = store.createMailbox(alice, "One");
        MailboxInfo three = store.createMailbox(alice, "Three");
        fill(alice, inbox, 4);
        fill(alice, two, 2);
        fill(alice, one, 1);
        fill(alice, three, 3);

        assertThat(warmup.run()).containsExactly(inbox.id(), three.id());
    }

    private void fill(AccountId account, MailboxInfo mailbox, int messages) {
        for (int i = 0; i < messages; i++) {
            store.append(account, mailbox.name(), message("m" + i, "x"), Flags.NONE, java.util.Optional.empty());
        }
    }
}
