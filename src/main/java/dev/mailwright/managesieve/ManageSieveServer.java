package dev.mailwright.managesieve;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.MailwrightProperties.ManageSieveLimits;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.store.SieveScripts;

/**
 * What every ManageSieve session shares: the script store, the one password check and the limits. {@code sieveLimits}
 * are the ones delivery compiles with (built from {@code mailwright.sieve.*} the same way), so a script accepted here
 * also compiles at delivery.
 */
record ManageSieveServer(String hostname, ManageSieveLimits limits, SieveLimits sieveLimits, int maxScripts,
                         boolean allowPlaintextAuth, SieveScripts scripts, Authenticator authenticator) {

    static ManageSieveServer of(MailwrightProperties properties, SieveScripts scripts, Authenticator authenticator) {
        MailwrightProperties.Sieve sieve = properties.sieve();
        SieveLimits limits = new SieveLimits((int) Math.min(Integer.MAX_VALUE, sieve.maxScriptSize().toBytes()),
                sieve.maxNesting(), sieve.maxActions(), sieve.maxRedirects(), sieve.maxMatchSteps(),
                SieveLimits.DEFAULTS.maxVariableChars(), SieveLimits.DEFAULTS.maxVariables(), sieve.maxIncludeDepth(),
                sieve.maxIncludes(), sieve.maxHeaderEdits(), sieve.duplicatePeriod(), sieve.maxDuplicatePeriod());
        return new ManageSieveServer(properties.hostname(), properties.managesieveLimits(), limits, sieve.maxScripts(),
                properties.security().allowPlaintextAuth(), scripts, authenticator);
    }
}
