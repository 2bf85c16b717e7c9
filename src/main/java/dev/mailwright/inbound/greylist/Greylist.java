package dev.mailwright.inbound.greylist;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import dev.mailwright.config.MailwrightProperties;

/**
 * The greylisting triplet store (table {@code greylist_triplet}, shared by every node). A triplet is the client's
 * network (IPv4 /24, IPv6 /64: big senders retry from a neighbouring address), the envelope sender and the recipient.
 */
public final class Greylist {
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    private static final int MAX_ADDRESS = 320;

    /** {@code retryAfter}: how long until a retry can pass (zero when it passed). */
    public record Decision(boolean pass, Duration retryAfter) {
    }

    private final JdbcClient jdbc;
    private final TransactionOperations writes;
    private final MailwrightProperties.Greylisting settings;
    private final Clock clock;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

    /**
     * @param writes runs each write as a transaction of its own (the application's transaction manager: on H2 one
     *               write at a time, see dev.mailwright.store.SingleWriterTransactionManager)
     */
    public Greylist(JdbcClient jdbc, TransactionOperations writes, MailwrightProperties.Greylisting settings, Clock clock) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.settings = settings;
        this.clock = clock;
    }

    public Decision check(InetAddress client, String sender, String recipient) {
        Instant now = clock.instant();
        sweepExpired(now);
        String network = network(client);
        String from = key(sender.isEmpty() ? "<>" : sender);
        String to = key(recipient);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Row> row = jdbc.sql("SELECT first_seen, passed_at, expires_at FROM greylist_triplet "
                            + "WHERE client_network = ? AND sender = ? AND recipient = ?")
                    .params(network, from, to)
                    .query((rs, n) -> new Row(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(rs.getObject(2, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                            rs.getObject(3, OffsetDateTime.class).toInstant()))
                    .optional();
            if (row.isEmpty()) {
                try {
                    write(() -> jdbc.sql("INSERT INTO greylist_triplet (client_network, sender, recipient, first_seen, "
                                    + "expires_at) VALUES (?, ?, ?, ?, ?)")
                            .params(network, from, to, ts(now), ts(now.plus(settings.retryWindow()))).update());
                    return new Decision(false, settings.delay());
                } catch (DuplicateKeyException raced) {
                    continue;   // another node inserted it first: read its row
                }
            }
            Row found = row.get();
            if (!found.expiresAt().isAfter(now)) {
                write(() -> jdbc.sql("UPDATE greylist_triplet SET first_seen = ?, passed_at = NULL, expires_at = ? "
                                + "WHERE client_network = ? AND sender = ? AND recipient = ?")
                        .params(ts(now), ts(now.plus(settings.retryWindow())), network, from, to).update());
                return new Decision(false, settings.delay());
            }
            Instant earliest = found.firstSeen().plus(settings.delay());
            if (found.passedAt().isEmpty() && now.isBefore(earliest)) {
                return new Decision(false, Duration.between(now, earliest));
            }
            write(() -> jdbc.sql("UPDATE greylist_triplet SET passed_at = COALESCE(passed_at, ?), expires_at = ? "
                            + "WHERE client_network = ? AND sender = ? AND recipient = ?")
                    .params(ts(now), ts(now.plus(settings.expiry())), network, from, to).update());
            return new Decision(true, Duration.ZERO);
        }
        return new Decision(true, Duration.ZERO);   // the row keeps changing under us: let the message through
    }

    private void write(java.util.function.IntSupplier statement) {
        writes.executeWithoutResult(status -> statement.getAsInt());
    }

    private record Row(Instant firstSeen, Optional<Instant> passedAt, Instant expiresAt) {
    }

    private void sweepExpired(Instant now) {
        Instant last = lastSweep.get();
        if (now.isAfter(last.plus(SWEEP_INTERVAL)) && lastSweep.compareAndSet(last, now)) {
            write(() -> jdbc.sql("DELETE FROM greylist_triplet WHERE expires_at < ?").params(ts(now)).update());
        }
    }

    static String network(InetAddress client) {
        byte[] bytes = client.getAddress();
        int keep = client instanceof Inet4Address ? 3 : 8;
        return HexFormat.of().formatHex(Arrays.copyOf(bytes, keep)) + "/" + keep * 8;
    }

    private static String key(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return lower.length() > MAX_ADDRESS ? lower.substring(0, MAX_ADDRESS) : lower;
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
