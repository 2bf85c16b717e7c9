package dev.mailwright.web.filters;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Keeps vacation periods while the Sieve interpreter has no date test: every
 * {@code mailwright.webmail-filters.vacation-check-interval} the pages' scripts are rewritten whose reply should
 * start or stop today (server time zone). Idle when the interpreter tests dates: the period is then in the script.
 */
@Component
class VacationPeriods implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(VacationPeriods.class);
    private final WebmailFilters filters;
    private final long intervalMillis;
    private ScheduledExecutorService timer;

    VacationPeriods(WebmailFilters filters, MailwrightProperties properties) {
        this.filters = filters;
        this.intervalMillis = properties.webmailFilters().vacationCheckInterval().toMillis();
    }

    @Override
    public synchronized void start() {
        if (WebmailFilters.DATE_TESTS || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vacation-periods").daemon().factory());
        timer.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** A failed round is logged and the next one runs (an exception would end the schedule). */
    private void check() {
        try {
            filters.refreshVacations();
        } catch (RuntimeException e) {
            log.warn("vacation periods not checked: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
