package dev.mailwright.inbound;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.MailStore;

/**
 * Runs every {@link InboundCheck} bean, in order, over one received MX message and turns their findings into a
 * verdict: refused (the first refusal wins, later checks do not run), or accepted into Junk (any check asked for
 * it) or the INBOX, with our {@code Authentication-Results:} on top.
 */
@Component
public class InboundFilter {
    private static final Logger log = LoggerFactory.getLogger(InboundFilter.class);

    private final List<InboundCheck> checks;
    /** One per check, same order: where the time of an MX message's checks goes (actuator metrics). */
    private final List<Timer> timers;
    private final String authservId;
    private final boolean enabled;

    public InboundFilter(List<InboundCheck> checks, MailwrightProperties properties, MeterRegistry meters) {
        this.checks = List.copyOf(checks);
        this.timers = this.checks.stream().map(check -> Timer.builder("mailwright.inbound.check")
                .description("Time one inbound check took over one MX message")
                .tag("check", check.getClass().getSimpleName()).register(meters)).toList();
        this.authservId = authservId(properties);
        this.enabled = properties.inbound().checks();
    }

    /** {@code mailwright.inbound.authserv-id}, else the hostname: the name our results are trusted under. */
    public static String authservId(MailwrightProperties properties) {
        String configured = properties.inbound().authservId().strip();
        return (configured.isEmpty() ? properties.hostname() : configured).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the MX checks run at all ({@code mailwright.inbound.checks}). */
    public boolean enabled() {
        return enabled;
    }

    public InboundVerdict assess(InboundMessage message) {
        if (!enabled) {
            return new InboundVerdict.Accept(MailStore.Folder.INBOX, new HeaderRewrite("", authservId), List.of());
        }
        Assessment assessment = new Assessment();
        for (int i = 0; i < checks.size(); i++) {
            InboundCheck check = checks.get(i);
            long start = System.nanoTime();
            try {
                check.check(message, assessment);
            } catch (RuntimeException e) {
                log.error("Inbound check {} failed on a message from [{}]; going on without it",
                        check.getClass().getSimpleName(), message.client().getHostAddress(), e);
            } finally {
                timers.get(i).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            if (assessment.refused()) {
                return assessment.refusal().orElseThrow();
            }
        }
        StringBuilder prepend = new StringBuilder(AuthenticationResults.field(authservId, assessment.results()));
        assessment.headerFields().forEach(prepend::append);
        List<String> junk = assessment.junkReasons();
        SpamScore score = assessment.finding(SpamScore.class).orElse(new SpamScore(junk.isEmpty() ? 0 : 100));
        return new InboundVerdict.Accept(junk.isEmpty() ? MailStore.Folder.INBOX : MailStore.Folder.JUNK,
                new HeaderRewrite(prepend.toString(), authservId), junk, java.util.Optional.of(score));
    }
}
