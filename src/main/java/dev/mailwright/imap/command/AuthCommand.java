package dev.mailwright.imap.command;

import java.util.Optional;

/** Valid only in the not-authenticated state. */
public sealed interface AuthCommand extends ImapCommand {

    record Login(String tag, String user, String password) implements AuthCommand {
        @Override
        public String toString() {
            return "Login[" + tag + ", " + user + "]";   // never print the password
        }
    }

    /** {@code initialResponse}: SASL-IR (RFC 4959); {@code =} stands for an empty response. */
    record Authenticate(String tag, String mechanism, Optional<String> initialResponse) implements AuthCommand {
        @Override
        public String toString() {
            return "Authenticate[" + tag + ", " + mechanism + "]";
        }
    }

    record StartTls(String tag) implements AuthCommand {
    }
}
