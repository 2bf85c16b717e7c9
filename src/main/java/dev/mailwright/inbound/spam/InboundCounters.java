package dev.mailwright.inbound.spam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * What the MX did with mail for each local domain, counted per recipient in hourly buckets of table
 * {@code inbound_counter}: in the database so that the counts survive restarts and add up across nodes.
 */
public final class InboundCounters {
    private static final Duration KEEP = Duration.ofDays(8);

    public enum Outcome {
        ACCEPTED("accepted"), JUNKED("junked"), REFUSED("refused");

        private final String column;

        Outcome(String column) {
            this.column = column;
        }
    }

    private int write(java.util.function.IntSupplier statement) {
        Integer rows = writes.execute(status -> statement.getAsInt());
        return rows == null ? 0 : rows;
    }

    /** One domain's counts over the last 24 hours. */
    public record DomainCounts(String domain, long accepted, long junked, long refused) {
    }

    private final JdbcClient jdbc;
    private final TransactionOperations writes;
    private final Clock clock;

    /** {@code writes}: runs each write as a transaction of its own (on H2 one write at a time). */
    public InboundCounters(JdbcClient jdbc, TransactionOperations writes, Clock clock) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.clock = clock;
    }

    public void count(String domain, Outcome outcome) {
        String key = domain.toLowerCase(Locale.ROOT);
        OffsetDateTime hour = clock.instant().truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        String increment = "UPDATE inbound_counter SET " + outcome.column + " = " + outcome.column + " + 1 "
                + "WHERE domain = ? AND bucket_hour = ?";
        if (write(() -> jdbc.sql(increment).params(key, hour).update()) > 0) {
            return;
        }
        try {
            write(() -> jdbc.sql("INSERT INTO inbound_counter (domain, bucket_hour, " + outcome.column + ") VALUES (?, ?, 1)")
                    .params(key, hour).update());
            if (hour.getHour() == 0) {
                write(() -> jdbc.sql("DELETE FROM inbound_counter WHERE bucket_hour < ?").params(hour.minus(KEEP)).update());
            }
        } catch (DuplicateKeyException raced) {
            write(() -> jdbc.sql(increment).params(key, hour).update());   // another node opened the bucket first
        }
    }

    /** Sums of the last 24 hourly buckets (the current one included), by domain name. */
    public List<DomainCounts> lastDay() {
        Instant since = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        return jdbc.sql("SELECT domain, SUM(accepted), SUM(junked), SUM(refused) FROM inbound_counter "
                        + "WHERE bucket_hour >= ? GROUP BY domain ORDER BY domain")
                .params(since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new DomainCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }
}
