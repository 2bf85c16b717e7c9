package dev.mailwright.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
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
 * ones, so timing does not reveal which addresses exist.
 *
 * <p>Failures are throttled so that a lockout cannot be turned against the account's owner:
 * <ul>
 * <li>per remote address ({@code max-auth-failures-per-ip}), whatever the account;</li>
 * <li>per account and source network ({@code max-auth-failures-per-account}, networks cut at
 *     {@code auth-failure-network-prefix-ipv4/-ipv6}): an attacker's network locks only itself out of the account;</li>
 * <li>per account over all networks ({@code max-auth-failures-per-account-all-networks}): past it, every network
 *     that has failed for the account is refused, which bounds what many networks together can guess; a network with
 *     no failure for the account still gets in.</li>
 * </ul>
 * A throttled attempt is refused without checking the password. Each failure is answered only after a delay that
 * doubles with the failures of that account from that network ({@code auth-failure-delay} up to
 * {@code max-auth-failure-delay}); callers run on virtual threads, so the wait holds no platform thread.
 *
 * <p>A password verified for an account answers again from {@link VerifiedCredentials} without a new Argon2id run,
 * after the throttles (a throttled source is refused even with the right password) and after reading the account (a
 * disabled account or a changed password never answers from the cache). Failures always cost the full hash.
 */
@Service
class PasswordAuthenticator implements Authenticator {
    private static final Logger log = LoggerFactory.getLogger(PasswordAuthenticator.class);

    private final AccountStore accounts;
    private final PasswordEncoder encoder;
    private final FailureThrottle byAddress;
    private final FailureThrottle byAccountNetwork;
    private final FailureThrottle byAccount;
    private final SourceNetwork networks;
    private final Duration failureDelay;
    private final Duration maxFailureDelay;
    private final String dummyHash;
    private final VerifiedCredentials verified;

    @Autowired
    PasswordAuthenticator(AccountStore accounts, PasswordEncoder encoder, MailwrightProperties properties, VerifiedCredentials verified) {
        this(accounts, encoder, properties, verified, Clock.systemUTC());
    }

    PasswordAuthenticator(AccountStore accounts, PasswordEncoder encoder, MailwrightProperties properties,
                          VerifiedCredentials verified, Clock clock) {
        this.accounts = accounts;
        this.verified = verified;
        this.encoder = encoder;
        MailwrightProperties.Security security = properties.security();
        this.byAddress = new FailureThrottle(security.maxAuthFailuresPerIp(), security.authFailureWindow(), clock);
        this.byAccountNetwork = new FailureThrottle(security.maxAuthFailuresPerAccount(), security.authFailureWindow(), clock);
        this.byAccount = new FailureThrottle(security.maxAuthFailuresPerAccountAllNetworks(), security.authFailureWindow(), clock);
        this.networks = new SourceNetwork(security.authFailureNetworkPrefixIpv4(), security.authFailureNetworkPrefixIpv6());
        this.failureDelay = security.authFailureDelay();
        this.maxFailureDelay = security.maxAuthFailureDelay();
        this.dummyHash = encoder.encode("mailwright-timing-equaliser");
    }

    @Override
    public AuthResult authenticate(String username, String password, InetAddress remote) {
        String user = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        String addressKey = remote == null ? "unknown" : remote.getHostAddress();
        String network = networks.of(remote);
        String accountNetworkKey = user + " " + network;
        if (byAddress.isThrottled(addressKey) || byAccountNetwork.isThrottled(accountNetworkKey)
                || byAccount.isThrottled(user) && byAccountNetwork.failures(accountNetworkKey) > 0) {
            log.info("Authentication throttled for {} from {}", user, addressKey);
            return new AuthResult.Throttled();
        }
        Optional<Account> account = user.isEmpty() ? Optional.empty() : accounts.findAccount(user);
        if (account.isPresent() && password != null && verified.remembers(user, password, account.get())) {
            byAccountNetwork.reset(accountNetworkKey);
            return new AuthResult.Success(account.get());
        }
        boolean matches = password != null && encoder.matches(password, account.map(Account::passwordHash).orElse(dummyHash));
        if (account.isPresent() && account.get().enabled() && matches) {
            verified.remember(user, password, account.get());
            byAccountNetwork.reset(accountNetworkKey);
            return new AuthResult.Success(account.get());
        }
        byAddress.recordFailure(addressKey);
        byAccountNetwork.recordFailure(accountNetworkKey);
        byAccount.recordFailure(user);
        log.info("Authentication failed for {} from {}", user, addressKey);
        pause(failureDelay(byAccountNetwork.failures(accountNetworkKey), failureDelay, maxFailureDelay));
        return new AuthResult.Failure();
    }

    /** {@code base} for the first failure, doubled for each further one, never above {@code max}. */
    static Duration failureDelay(int failures, Duration base, Duration max) {
        if (failures < 1 || base.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 30);
        long millis = base.toMillis() << doublings;
        return millis / (1L << doublings) != base.toMillis() || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
