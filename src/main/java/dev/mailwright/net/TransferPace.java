package dev.mailwright.net;

import java.time.Duration;

/**
 * The slowest acceptable bulk transfer (SMTP DATA or BDAT, an IMAP literal): after {@code grace}, the client must
 * have sent at least {@code minBytesPerSecond} for every second since the transfer began. A transfer of known size
 * therefore ends within {@code grace + size / minBytesPerSecond}.
 */
public record TransferPace(long minBytesPerSecond, Duration grace) {
    public TransferPace {
        if (minBytesPerSecond < 1 || grace.isNegative()) {
            throw new IllegalArgumentException("a transfer pace needs a rate of at least 1 byte/s and a grace >= 0");
        }
    }
}
