package dev.mailwright.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Carries {@link MailboxEvent}s between Mailwright nodes that share one PostgreSQL database (ARCHITECTURE §6),
 * so an IMAP session in IDLE on one node hears about a delivery made by another. Outgoing events become
 * {@code pg_notify} calls inside the transaction that made the change, which PostgreSQL delivers only when
 * that transaction commits; one connection per node listens and republishes the other nodes' events
 * locally. On H2 (one process by construction) nothing of this runs.
 */
@Component
class ClusterEvents implements SmartLifecycle {
    static final String CHANNEL = "mailwright_mailbox_events";
    private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final String origin = UUID.randomUUID().toString();
    private final boolean postgres;
    private volatile boolean running;
    private volatile Thread listener;

    ClusterEvents(DataSource dataSource, JdbcClient jdbc, ApplicationEventPublisher publisher) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.postgres = DatabaseProduct.isPostgres(dataSource);
    }

    /**
     * Called inside the store transaction that raised {@code events}: other nodes receive them when it
     * commits, never when it rolls back.
     */
    void announce(List<MailboxEvent> events) {
        if (!postgres) {
            return;
        }
        String[] payloads = events.stream().flatMap(event -> ClusterEventCodec.encode(origin, event).stream())
                .toArray(String[]::new);
        if (payloads.length > 0) {   // one round trip for the whole transaction, in the events' order
            jdbc.sql("SELECT pg_notify(?, p.payload) FROM unnest(?::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY p.n")
                    .params(CHANNEL, payloads).query().listOfRows();
        }
    }

    @Override
    public void start() {
        if (!postgres) {
            return;
        }
        running = true;
        listener = Thread.ofVirtual().name("cluster-events").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            // The listener notices within one poll and closes its connection cleanly; interrupting it would close
            // the socket under the driver (virtual thread I/O) and leave the pool a broken connection to report.
            try {
                if (!thread.join(POLL.multipliedBy(4))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listeners accept, so that no session misses another node's change made meanwhile. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);   // LISTEN takes effect only once its transaction commits
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                log.info("Listening for other nodes' mailbox events on PostgreSQL channel {}", CHANNEL);
                while (running) {
                    PGNotification[] received = notifications.getNotifications((int) POLL.toMillis());
                    if (received != null) {
                        for (PGNotification notification : received) {
                            republish(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                // Events sent while we reconnect are lost: sessions catch up at their next full resync.
                log.warn("Lost the cluster event connection ({}); reconnecting in {}", e.getMessage(), RECONNECT_DELAY);
                try {
                    Thread.sleep(RECONNECT_DELAY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void republish(String payload) {
        try {
            ClusterEventCodec.Received received = ClusterEventCodec.decode(payload);
            if (!received.origin().equals(origin)) {
                publisher.publishEvent(received.event());
            }
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a cluster event this node does not understand: {}", e.getMessage());
        }
    }
}
