package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.inbound.greylist.Greylist;
import dev.mailwright.inbound.spam.InboundCounters;

/**
 * The spam defence's shared state (migration V10) on a real database, seen by two "nodes" (two instances over one
 * database, each with its own clock): greylisting triplets and the hourly per-domain counters. Run on H2 and on
 * PostgreSQL.
 */
@SpringBootTest
@Timeout(120)
abstract class InboundStateContract {
    private static final MailwrightProperties.Greylisting GREYLISTING =
            new MailwrightProperties.Greylisting(true, Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofDays(35));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    /** Each write in a transaction of its own, as the application runs them. */
    private org.springframework.transaction.support.TransactionTemplate writes() {
        return new org.springframework.transaction.support.TransactionTemplate(transactions);
    }

    static void common(DynamicPropertyRegistry registry) {
        registry.add("mailwright.data-dir", () -> {
            try {
                return Files.createTempDirectory("mailwright-inbound-state").toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
    }

    @Test
    void greylistingIsSharedByNodesAndPassesOnlyAfterTheDelay() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        Greylist nodeA = new Greylist(jdbc, writes(), GREYLISTING, clock);
        Greylist nodeB = new Greylist(jdbc, writes(), GREYLISTING, clock);
        InetAddress client = InetAddress.getByName("198.51.100.7");
        String sender = UUID.randomUUID() + "@sender.test";

        assertThat(nodeA.check(client, sender, "rcpt@example.test").pass()).isFalse();
        clock.advance(Duration.ofMinutes(2));
        Greylist.Decision early = nodeB.check(client, sender, "rcpt@example.test");
        assertThat(early.pass()).as("the other node knows the triplet: still too early").isFalse();
        assertThat(early.retryAfter()).isEqualTo(Duration.ofMinutes(3));

        clock.advance(Duration.ofMinutes(4));
        assertThat(nodeB.check(InetAddress.getByName("198.51.100.200"), sender, "rcpt@example.test").pass())
                .as("a retry from the same /24 after the delay").isTrue();
        assertThat(nodeA.check(client, sender, "RCPT@example.test").pass()).as("passed, case-insensitively").isTrue();
        assertThat(nodeA.check(InetAddress.getByName("198.51.101.7"), sender, "rcpt@example.test").pass())
                .as("another network is another triplet").isFalse();

        clock.advance(Duration.ofDays(36));
        assertThat(nodeA.check(client, sender, "rcpt@example.test").pass()).as("expired: greylisted again").isFalse();
    }

    @Test
    void racingNodesCreateOneTripletAndNeitherFails() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        String sender = UUID.randomUUID() + "@sender.test";
        InetAddress client = InetAddress.getByName("203.0.113.9");
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Greylist node = new Greylist(jdbc, writes(), GREYLISTING, clock);
            attempts.add(() -> node.check(client, sender, "rcpt@example.test").pass());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                assertThat(result.get()).isFalse();
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM greylist_triplet WHERE sender = ?").param(sender)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void countersAddUpAcrossNodesAndOnlyTheLastDayIsShown() throws Exception {
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".test";
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:30:00Z"));
        InboundCounters nodeA = new InboundCounters(jdbc, writes(), clock);
        InboundCounters nodeB = new InboundCounters(jdbc, writes(), clock);
        nodeA.count(domain, InboundCounters.Outcome.ACCEPTED);   // 25 hours before the others: not shown
        clock.advance(Duration.ofHours(25));
        List<Callable<Void>> counts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            InboundCounters node = i % 2 == 0 ? nodeA : nodeB;
            InboundCounters.Outcome outcome = i % 4 == 0 ? InboundCounters.Outcome.REFUSED
                    : i % 4 == 1 ? InboundCounters.Outcome.JUNKED : InboundCounters.Outcome.ACCEPTED;
            counts.add(() -> {
                node.count(domain, outcome);
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Void> result : pool.invokeAll(counts)) {
                result.get();
            }
        }
        clock.advance(Duration.ofHours(1));
        nodeB.count(domain.toUpperCase(), InboundCounters.Outcome.ACCEPTED);
        nodeA.flush();   // each node writes its gathered counts within a second (its flushing thread)
        nodeB.flush();
        assertThat(nodeA.lastDay()).filteredOn(c -> c.domain().equals(domain))
                .containsExactly(new InboundCounters.DomainCounts(domain, 11, 5, 5));
    }

    /** A started node writes its gathered counts by itself within about a second, without anyone reading them. */
    @Test
    void countsShouldReachTheDatabaseWithinSecondsOnceStarted() throws Exception {
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".test";
        try (InboundCounters node = new InboundCounters(jdbc, writes(), Clock.systemUTC()).start()) {
            node.count(domain, InboundCounters.Outcome.JUNKED);
            node.count(domain, InboundCounters.Outcome.JUNKED);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long written = 0;
            while (written < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                written = jdbc.sql("SELECT COALESCE(SUM(junked), 0) FROM inbound_counter WHERE domain = ?").param(domain)
                        .query(Long.class).single();
            }
            assertThat(written).isEqualTo(2);
        }
    }

    /** A clock the test moves; shared by the "nodes". */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
