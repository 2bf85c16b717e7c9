package dev.mailwright.pop3;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.MailwrightProperties.Pop3Limits;
import dev.mailwright.store.MailStore;

/**
 * What every POP3 session shares: the store, the one password check, the maildrop locks, the remembered octet counts
 * and the limits.
 */
record Pop3Server(String hostname, Pop3Limits limits, boolean allowPlaintextAuth, MailStore store,
                  Authenticator authenticator, MaildropLocks locks, MessageOctets octets) {

    static Pop3Server of(MailwrightProperties properties, MailStore store, Authenticator authenticator) {
        return new Pop3Server(properties.hostname(), properties.pop3Limits(), properties.security().allowPlaintextAuth(),
                store, authenticator, new MaildropLocks(),
                new MessageOctets(properties.pop3Limits().octetCountCacheEntries()));
    }
}
