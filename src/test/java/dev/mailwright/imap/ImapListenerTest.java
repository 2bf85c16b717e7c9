package dev.mailwright.imap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;

/** The beans every IMAP test against the real listeners uses, and a fresh account per test. */
abstract class ImapListenerTest {
    @Autowired
    ListenerManager listeners;
    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    MailStore store;

    /** Creates an account with a unique address starting with {@code prefix}; returns it. */
    AccountStore.Account newAccount(String prefix, String password) {
        return accounts.createAccount(ImapTestSupport.uniqueAddress(prefix), encoder.encode(password), false);
    }
}
