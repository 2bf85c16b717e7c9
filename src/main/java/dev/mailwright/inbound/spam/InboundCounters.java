package dev.mailwright.inbound.spam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * What the MX did with mail for each local domain, counted per recipient in hourly buckets of table
 * {@code inbound_counter}: in the database so that the counts survive restarts and add up across nodes.
 * <p>
 * A count is gathered in memory and written with the others of the last second ({@link #flush}, by a thread of its
 * own once {@link #start}ed, before every {@link #lastDay} and at {@link #close}), so the MX pays no database write
 * per message (issue 17: on H2 that write waited for the one writer). The price: a crash loses at most the last
 * second of these statistics, never mail; another node's counts appear on this node's admin page within a second.
 */
public final class InboundCounters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundCounters.class);
    private static final Duration KEEP = Duration.ofDays(8);
    private static final long FLUSH_MILLIS = 1_000;

    public enum Outcome {
        ACCEPTED("accepted"), JUNKED("junked"), REFUSED("refused");

        private final String column;

        Outcome(String column) {
            this.column = column;
        }
    }

    /** One domain's counts over the last 24 hours. */
    public record DomainCounts(String domain, long accepted, long junked, long refused) {
    }

    private record Bucket(String domain, OffsetDateTime hour, Outcome outcome) {
    }

    private final JdbcClient jdbc;
    private final TransactionOperations writes;
    private final Clock clock;
    private final ConcurrentHashMap<Bucket, Long> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    /** {@code writes}: runs each write as a transaction of its own (on H2 one write at a time). */
    public InboundCounters(JdbcClient jdbc, TransactionOperations writes, Clock clock) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.clock = clock;
    }

    /** Writes the gathered counts every second from now on. */
    public synchronized InboundCounters start() {
        if (flusher == null) {
            flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("inbound-counters").factory());
            flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public void count(String domain, Outcome outcome) {
        OffsetDateTime hour = clock.instant().truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        pending.merge(new Bucket(domain.toLowerCase(Locale.ROOT), hour, outcome), 1L, Long::sum);
    }

    /**
     * Writes the counts gathered so far. Each bucket's count is taken out of the map atomically, so a count made
     * meanwhile waits for the next flush; a bucket that cannot be written goes back for the next one.
     */
    public synchronized void flush() {
        for (Bucket bucket : List.copyOf(pending.keySet())) {
            Long n = pending.remove(bucket);
            if (n == null) {
                continue;
            }
            try {
                add(bucket, n);
            } catch (DataAccessException | TransactionException e) {
                pending.merge(bucket, n, Long::sum);
                throw e;
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Cannot write the inbound counters now (kept for the next try): {}", e.toString());
        }
    }

    private void add(Bucket bucket, long n) {
        String column = bucket.outcome().column;
        String increment = "UPDATE inbound_counter SET " + column + " = " + column + " + ? WHERE domain = ? AND bucket_hour = ?";
        if (write(() -> jdbc.sql(increment).params(n, bucket.domain(), bucket.hour()).update()) > 0) {
            return;
        }
        try {
            write(() -> jdbc.sql("INSERT INTO inbound_counter (domain, bucket_hour, " + column + ") VALUES (?, ?, ?)")
                    .params(bucket.domain(), bucket.hour(), n).update());
            if (bucket.hour().getHour() == 0) {
                write(() -> jdbc.sql("DELETE FROM inbound_counter WHERE bucket_hour < ?").params(bucket.hour().minus(KEEP)).update());
            }
        } catch (DuplicateKeyException raced) {
            write(() -> jdbc.sql(increment).params(n, bucket.domain(), bucket.hour()).update());   // another node opened the bucket first
        }
    }

    private int write(java.util.function.IntSupplier statement) {
        Integer rows = writes.execute(status -> statement.getAsInt());
        return rows == null ? 0 : rows;
    }

    /** Sums of the last 24 hourly buckets (the current one included), by domain name; this node's counts written first. */
    public List<DomainCounts> lastDay() {
        flushQuietly();
        Instant since = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        return jdbc.sql("SELECT domain, SUM(accepted), SUM(junked), SUM(refused) FROM inbound_counter "
                        + "WHERE bucket_hour >= ? GROUP BY domain ORDER BY domain")
                .params(since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new DomainCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /** Stops the flushing thread and writes what is left. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = flusher;
            flusher = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }
}
