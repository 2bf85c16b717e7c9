package dev.mailwright.smtp;

import java.nio.file.Path;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.net.TransferPace;

/** The part of the configuration SMTP sessions use. */
record SmtpSettings(String hostname, MailwrightProperties.SmtpLimits limits, boolean allowPlaintextAuth, Path spoolDirectory) {

    static SmtpSettings from(MailwrightProperties properties) {
        return new SmtpSettings(properties.hostname(), properties.smtpLimits(),
                properties.security().allowPlaintextAuth(), properties.dataDir().resolve("spool"));
    }

    long maxMessageSize() {
        return limits.maxMessageSize().toBytes();
    }

    /** The slowest DATA or BDAT transfer we wait for. */
    TransferPace transferPace() {
        return new TransferPace(limits.minTransferRate().toBytes(), limits.transferGrace());
    }
}
