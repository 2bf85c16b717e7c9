package dev.mailwright.smtp;

import java.nio.file.Path;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.net.TransferPace;

/** The part of the configuration SMTP sessions use, and the memory budget their received messages share. */
record SmtpSettings(String hostname, MailwrightProperties.SmtpLimits limits, boolean allowPlaintextAuth, Path spoolDirectory,
                    SpoolMemory spoolMemory) {

    static SmtpSettings from(MailwrightProperties properties) {
        MailwrightProperties.SmtpLimits limits = properties.smtpLimits();
        return new SmtpSettings(properties.hostname(), limits, properties.security().allowPlaintextAuth(),
                properties.dataDir().resolve("spool"),
                new SpoolMemory(limits.spoolInMemory().toBytes(), limits.spoolMemoryTotal().toBytes()));
    }

    long maxMessageSize() {
        return limits.maxMessageSize().toBytes();
    }

    /** The slowest DATA or BDAT transfer we wait for. */
    TransferPace transferPace() {
        return new TransferPace(limits.minTransferRate().toBytes(), limits.transferGrace());
    }
}
