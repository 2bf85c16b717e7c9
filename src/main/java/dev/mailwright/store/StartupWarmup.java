package dev.mailwright.store;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * After start, reads the largest mailboxes once the way a client's first requests read them (issue 17: the first
 * SELECT and {@code UID FETCH 1:* (UID FLAGS)} of a 100,000-message mailbox after a restart took several times the
 * warm time, for the database pages and the code paths). On a virtual thread of its own, after the listeners are up,
 * so it delays nobody; a failure only costs the warm-up. Bounded by {@code mailwright.warmup.*}.
 */
@Component
class StartupWarmup {
    private static final Logger log = LoggerFactory.getLogger(StartupWarmup.class);
    /** The webmail's page size: its first page of a mailbox. */
    private static final int PAGE = 50;

    private final MailStore store;
    private final StoreTransactions tx;
    private final JdbcClient jdbc;
    private final MailwrightProperties.Warmup settings;

    StartupWarmup(MailStore store, StoreTransactions tx, JdbcClient jdbc, MailwrightProperties properties) {
        this.store = store;
        this.tx = tx;
        this.jdbc = jdbc;
        this.settings = properties.warmup();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startAfterReady() {
        if (settings.mailboxes() == 0) {
            return;
        }
        Thread.ofVirtual().name("store-warm-up").start(() -> {
            try {
                long started = System.nanoTime();
                List<MailboxId> warmed = run();
                if (!warmed.isEmpty()) {
                    log.info("Warmed {} large mailboxes in {} ms", warmed.size(), (System.nanoTime() - started) / 1_000_000);
                }
            } catch (RuntimeException e) {
                log.warn("Start-up warm-up stopped: {}", e.toString());
            }
        });
    }

    /** Reads the largest mailboxes as SELECT, FETCH of all flags and the webmail's first page do; returns them. */
    List<MailboxId> run() {
        List<MailboxId> largest = tx.read(() -> jdbc.sql("SELECT id FROM mailbox WHERE message_count >= ?"
                        + " ORDER BY message_count DESC FETCH FIRST " + settings.mailboxes() + " ROWS ONLY")
                .param(settings.minMessages()).query(Long.class).list()).stream().map(MailboxId::new).toList();
        for (MailboxId mailbox : largest) {
            store.selection(mailbox);
            store.forEachMessage(mailbox, ref -> { });
            store.metaPageBefore(mailbox, Long.MAX_VALUE, PAGE + 1);   // the webmail's list, newest first
        }
        return largest;
    }
}
