package dev.mailwright.auth;

import java.net.InetAddress;

/**
 * The one password check behind IMAP LOGIN/AUTHENTICATE, SMTP AUTH and the webmail login. It throttles
 * repeated failures per remote address and per account, and never logs a password.
 */
public interface Authenticator {

    AuthResult authenticate(String username, String password, InetAddress remote);
}
