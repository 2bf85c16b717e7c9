package dev.mailwright.smtp;

import java.net.InetAddress;
import java.util.Optional;

import dev.mailwright.inbound.spam.Admission;

import dev.mailwright.store.AccountStore.Account;

/** Who is on the other end, as far as policy needs to know. */
/** {@code admission}: what the MX connection checks found (empty on submission, or without the spam defence). */
record Client(SmtpService service, InetAddress address, Security security, Optional<Account> account,
              Optional<Admission> admission) {

    enum Security { PLAINTEXT, TLS }

    boolean isSecure() {
        return security == Security.TLS;
    }
}
