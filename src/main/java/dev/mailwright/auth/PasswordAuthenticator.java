package dev.mailwright.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;

/**
 * Checks a user name and password for every protocol. Unknown users cost the same hash work as known
 * ones, so timing does not reveal which addresses exist. Failures are throttled per remote address and
 * per account; a throttled attempt is refused without checking the password.
 */
@Service
class PasswordAuthenticator implements Authenticator {
    private static final Logger log = LoggerFactory.getLogger(PasswordAuthenticator.class);

    private final AccountStore accounts;
    private final PasswordEncoder encoder;
    private final FailureThrottle byAddress;
    private final FailureThrottle byAccount;
    private final String dummyHash;

    @Autowired
    PasswordAuthenticator(AccountStore accounts, PasswordEncoder encoder, MailwrightProperties properties) {
        this(accounts, encoder, properties, Clock.systemUTC());
    }

    PasswordAuthenticator(AccountStore accounts, PasswordEncoder encoder, MailwrightProperties properties, Clock clock) {
        this.accounts = accounts;
        this.encoder = encoder;
        MailwrightProperties.Security security = properties.security();
        this.byAddress = new FailureThrottle(security.maxAuthFailuresPerIp(), security.authFailureWindow(), clock);
        this.byAccount = new FailureThrottle(security.maxAuthFailuresPerAccount(), security.authFailureWindow(), clock);
        this.dummyHash = encoder.encode("mailwright-timing-equaliser");
    }

    @Override
    public AuthResult authenticate(String username, String password, InetAddress remote) {
        String user = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        String addressKey = remote == null ? "unknown" : remote.getHostAddress();
        if (byAddress.isThrottled(addressKey) || byAccount.isThrottled(user)) {
            log.info("Authentication throttled for {} from {}", user, addressKey);
            return new AuthResult.Throttled();
        }
        Optional<Account> account = user.isEmpty() ? Optional.empty() : accounts.findAccount(user);
        boolean matches = password != null && encoder.matches(password, account.map(Account::passwordHash).orElse(dummyHash));
        if (account.isPresent() && account.get().enabled() && matches) {
            byAccount.reset(user);
            return new AuthResult.Success(account.get());
        }
        byAddress.recordFailure(addressKey);
        byAccount.recordFailure(user);
        log.info("Authentication failed for {} from {}", user, addressKey);
        return new AuthResult.Failure();
    }
}
