package dev.mailwright.auth;

import java.security.SecureRandom;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.MailwrightProperties.BootstrapAccount;
import dev.mailwright.store.AccountStore;

/**
 * Makes sure the configured domains and bootstrap accounts exist, at every start. Idempotent: an account
 * that exists already is left as it is (its password may have been changed since). When no bootstrap
 * account is configured and the store has no account at all, creates {@code admin@<first domain>} with a
 * random password that is logged exactly once, at creation.
 *
 * <p>Runs once every bean exists and before any lifecycle starts, so the accounts are there before the
 * listeners accept their first connection (a client must never see {@code 550 No such user} for a
 * configured account, nor burn its login throttle, during start-up).
 */
@Component
class AccountBootstrap implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final MailwrightProperties properties;
    private final AccountStore accounts;
    private final PasswordEncoder encoder;

    AccountBootstrap(MailwrightProperties properties, AccountStore accounts, PasswordEncoder encoder) {
        this.properties = properties;
        this.accounts = accounts;
        this.encoder = encoder;
    }

    @Override
    public void afterSingletonsInstantiated() {
        properties.domains().forEach(accounts::ensureDomain);
        for (BootstrapAccount account : properties.bootstrap().accounts()) {
            ensure(account);
        }
        if (properties.bootstrap().accounts().isEmpty() && accounts.accounts().isEmpty()) {
            String address = "admin@" + properties.primaryDomain();
            String password = randomPassword();
            accounts.createAccount(address, encoder.encode(password), true);
            log.warn("Created the first account {} with password {} (shown only now: sign in and change it)",
                    address, password);
        }
    }

    private void ensure(BootstrapAccount account) {
        if (account.address() == null || !account.address().contains("@")) {
            throw new IllegalStateException("mailwright.bootstrap.accounts: address missing or not an address: " + account.address());
        }
        if (account.password() == null || account.password().isBlank()) {
            throw new IllegalStateException("mailwright.bootstrap.accounts: no password for " + account.address());
        }
        String address = account.address().trim().toLowerCase(Locale.ROOT);
        if (accounts.findAccount(address).isPresent()) {
            return;
        }
        String domain = address.substring(address.indexOf('@') + 1);
        accounts.ensureDomain(domain);
        accounts.createAccount(address, encoder.encode(account.password()), account.admin());
        log.info("Created bootstrap account {}", address);
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }
}
