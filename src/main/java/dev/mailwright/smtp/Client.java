package dev.mailwright.smtp;

import java.net.InetAddress;
import java.util.Optional;

import dev.mailwright.store.AccountStore.Account;

/** Who is on the other end, as far as policy needs to know. */
record Client(SmtpService service, InetAddress address, Security security, Optional<Account> account) {

    enum Security { PLAINTEXT, TLS }

    boolean isSecure() {
        return security == Security.TLS;
    }
}
