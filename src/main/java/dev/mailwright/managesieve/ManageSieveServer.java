package dev.mailwright.managesieve;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.MailwrightProperties.ManageSieveLimits;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.store.SieveScripts;

/**
 * What every ManageSieve session shares: the script store, the one password check and the limits. {@code sieveLimits}
 * are the ones delivery compiles with (the one {@code SieveLimits} bean), so a script accepted here
 * also compiles at delivery.
 */
record ManageSieveServer(String hostname, ManageSieveLimits limits, SieveLimits sieveLimits, int maxScripts,
                         boolean allowPlaintextAuth, SieveScripts scripts, Authenticator authenticator) {

    static ManageSieveServer of(MailwrightProperties properties, SieveLimits sieveLimits, SieveScripts scripts,
                                Authenticator authenticator) {
        return new ManageSieveServer(properties.hostname(), properties.managesieveLimits(), sieveLimits,
                properties.sieve().maxScripts(), properties.security().allowPlaintextAuth(), scripts, authenticator);
    }
}
